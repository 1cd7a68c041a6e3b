import { LogFluxError } from '../errors.js';

export const REGIONS = ['eu', 'us', 'ca', 'au', 'ap'] as const;
export type Region = (typeof REGIONS)[number];

/** A validated API key. `toString` and JSON never reveal the secret. */
export interface ApiKey {
  /** The region prefix, or null for an unprefixed key (which needs an explicit endpoint). */
  readonly region: Region | null;
  /** The full key, for the Authorization header only. Never log it. */
  reveal(): string;
  /** A non-secret label such as `eu-lf_…(redacted)` for diagnostics: none of the secret part. */
  readonly redacted: string;
}

const KEY_PATTERN = /^(?:([a-z]{2})-)?lf_[A-Za-z0-9]{32}$/;

/**
 * Parses an API key (docs/protocol.md §2): `[<region>-]lf_<32 ASCII letters or digits>`, with
 * region one of eu, us, ca, au, ap. The exact string is checked: no trimming, case-sensitive.
 * Errors never contain the key.
 */
export function parseApiKey(input: unknown): ApiKey {
  if (typeof input !== 'string') throw new LogFluxError('api_key_format', 'API key: must be a string');
  const match = KEY_PATTERN.exec(input);
  if (!match) {
    throw new LogFluxError('api_key_format', 'API key: not [<region>-]lf_ + 32 letters or digits');
  }
  const prefix = match[1];
  if (prefix !== undefined && !(REGIONS as readonly string[]).includes(prefix)) {
    throw new LogFluxError('unknown_region', `API key: region not one of ${REGIONS}`);
  }
  const region = (prefix ?? null) as Region | null;
  const secret = input;
  const redacted = `${region ? `${region}-` : ''}lf_…(redacted)`;
  return {
    region,
    redacted,
    reveal: () => secret,
    toString: () => redacted,
    toJSON: () => redacted,
  } as ApiKey;
}
