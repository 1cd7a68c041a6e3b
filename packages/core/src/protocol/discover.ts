import type { ApiKey } from '../config/apiKey.js';
import { type DiscoveryPlan, parseAuthenticatedDiscovery, parseStaticDiscovery } from '../config/discovery.js';
import { LogFluxError } from '../errors.js';
import { callService } from './call.js';
import { DEFAULT_USER_AGENT, serviceHeaders } from './endpoints.js';
import type { RequestFunction } from './http.js';

export interface DiscoverOptions {
  request: RequestFunction;
  plan: DiscoveryPlan;
  apiKey: ApiKey;
  timeoutMs: number;
  userAgent?: string;
}

/**
 * The ingestor URL (docs/protocol.md §3.1): the override, else static discovery, else the
 * authenticated discovery URLs in the spec's order — the first that answers 200 with a usable
 * body decides; 401/403 from any of them is `unauthorized`.
 */
export async function discoverIngestor(options: DiscoverOptions): Promise<string> {
  const { plan, request, timeoutMs } = options;
  if (plan.kind === 'override') return plan.ingestorUrl;
  const agent = options.userAgent ?? DEFAULT_USER_AGENT;
  const failures: string[] = [];
  try {
    const res = await callService(request, plan.staticUrl, 'GET', { 'User-Agent': agent }, undefined, timeoutMs);
    if (res.status === 200) return parseStaticDiscovery(res.body);
    failures.push(`static: ${res.status}`);
  } catch (error) {
    failures.push(`static: ${(error as Error).message}`);
  }
  const headers = serviceHeaders(options.apiKey.reveal(), agent);
  let bad: LogFluxError | undefined;
  for (const url of plan.authenticatedUrls) {
    try {
      const res = await callService(request, url, 'GET', headers, undefined, timeoutMs);
      if (res.status === 401 || res.status === 403) throw new LogFluxError('unauthorized', 'discovery refused the API key');
      if (res.status === 200) return parseAuthenticatedDiscovery(res.body);
      failures.push(`${new URL(url).host}: ${res.status}`);
    } catch (error) {
      if (error instanceof LogFluxError && error.errorClass === 'unauthorized') throw error;
      if (error instanceof LogFluxError && error.errorClass !== 'network') bad ??= error;
      failures.push(`${new URL(url).host}: ${(error as Error).message}`);
    }
  }
  if (bad) throw bad;
  throw new LogFluxError('network', `discovery failed (${failures.join('; ')})`);
}
