import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What `logflux serve` records for local tools: the server URL and the tenant's secrets (mode 0600). */
export interface Credentials {
  url: string;
  api_key: string;
  read_token: string;
  fingerprint: string;
  /** Region-prefixed API keys issued by `logflux serve --region` (the first one may also be `api_key`). */
  api_keys_by_region?: Record<string, string>;
}

export const DEFAULT_HOME = '.logflux';
export const credentialsPath = (home: string) => join(home, 'credentials.json');

export function writeCredentials(home: string, credentials: Credentials): string {
  const path = credentialsPath(home);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function readCredentials(home: string): Credentials | undefined {
  try {
    return JSON.parse(readFileSync(credentialsPath(home), 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

/** Updates only the URL (the port may change between runs). */
export function updateCredentialsUrl(home: string, url: string): void {
  const current = readCredentials(home);
  if (current && current.url !== url) writeCredentials(home, { ...current, url });
}

/** Records a region-prefixed API key beside the others (the file stays mode 0600). */
export function addRegionKey(home: string, region: string, apiKey: string): void {
  const current = readCredentials(home);
  if (current) writeCredentials(home, { ...current, api_keys_by_region: { ...(current.api_keys_by_region ?? {}), [region]: apiKey } });
}
