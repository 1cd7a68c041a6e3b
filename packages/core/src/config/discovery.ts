import { LogFluxError } from '../errors.js';
import { asObject, parseObject } from '../json.js';
import { type ApiKey, parseApiKey, type Region } from './apiKey.js';
import { normaliseEndpoint } from './endpoint.js';

/** Where a client finds its ingestor (docs/protocol.md §3). */
export type DiscoveryPlan =
  | { kind: 'override'; ingestorUrl: string }
  | {
      kind: 'discover';
      region: Region;
      staticUrl: string;
      /** The authenticated discovery URLs, tried in this order after static discovery failed. */
      authenticatedUrls: readonly string[];
      /** @deprecated this protocol's own path only; use `authenticatedUrls`. */
      authenticatedUrl: string;
    };

export function staticDiscoveryUrl(region: Region): string {
  return `https://discover.${region}.logflux.io`;
}

/** @deprecated this protocol's own path only; see {@link authenticatedDiscoveryUrls}. */
export function authenticatedDiscoveryUrl(region: Region): string {
  return `https://api.${region}.logflux.io/v1/discovery`;
}

/**
 * The authenticated discovery URLs in the order of docs/protocol.md §3.3: the path the official
 * SDKs call (the global host, then the region's), then this protocol's own.
 */
export function authenticatedDiscoveryUrls(region: Region): string[] {
  return [`https://api.logflux.io/api/discovery`, `https://${region}.api.logflux.io/api/discovery`, authenticatedDiscoveryUrl(region)];
}

/**
 * Decides how to reach the ingestor: an explicit endpoint skips discovery; otherwise the key's
 * region selects the static discovery URL, with authenticated discovery as the fallback.
 */
export function planDiscovery(apiKey: string | ApiKey, endpoint?: string): DiscoveryPlan {
  const key = typeof apiKey === 'string' ? parseApiKey(apiKey) : apiKey;
  if (endpoint !== undefined) return { kind: 'override', ingestorUrl: normaliseEndpoint(endpoint, 'the endpoint override') };
  if (key.region === null) {
    throw new LogFluxError('no_region', 'the API key has no region prefix, so discovery is impossible; configure an explicit endpoint');
  }
  return {
    kind: 'discover',
    region: key.region,
    staticUrl: staticDiscoveryUrl(key.region),
    authenticatedUrls: authenticatedDiscoveryUrls(key.region),
    authenticatedUrl: authenticatedDiscoveryUrl(key.region),
  };
}

function badResponse(reason: string): never {
  throw new LogFluxError('discovery_response', `the discovery response is unusable: ${reason}`);
}

/** Reads the ingestor URL out of a static discovery response (`endpoints.ingestor_url`). */
export function parseStaticDiscovery(body: string): string {
  const url = asObject(parseObject(body, badResponse).endpoints)?.ingestor_url;
  if (typeof url !== 'string') badResponse('endpoints.ingestor_url is missing');
  return normaliseEndpoint(url, 'the discovered ingestor URL');
}

/**
 * Reads the ingestor URL out of an authenticated discovery response: top-level `ingestor_url`,
 * else `data.ingestor_url`, else the legacy `data.base_url`.
 */
export function parseAuthenticatedDiscovery(body: string): string {
  const root = parseObject(body, badResponse);
  const data = asObject(root.data);
  const url = [root.ingestor_url, data?.ingestor_url, data?.base_url].find((v) => v !== undefined);
  if (typeof url !== 'string') badResponse('ingestor_url is missing');
  return normaliseEndpoint(url, 'the discovered ingestor URL');
}
