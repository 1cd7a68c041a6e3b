/**
 * The discovery step of a session (docs/protocol.md §3), loaded with `import()` only when no
 * endpoint is configured. Like every lazily loaded module, it imports from the runtime barrel (see
 * runtime.ts).
 */
import type { ApiKey } from '../config/apiKey.js';
import { planDiscovery } from '../config/discovery.js';
import { discoverIngestor } from '../protocol/discover.js';
import { LogFluxError } from '../runtime.js';
import type { ClientPlatform } from './platform.js';

/** The ingestor URL for `apiKey`'s region: static discovery, then the authenticated URLs. */
export async function discover(
  apiKey: ApiKey,
  timeoutMs: number,
  platform: Pick<ClientPlatform, 'request' | 'userAgent'>,
): Promise<string> {
  const plan = planDiscovery(apiKey);
  if (plan.kind === 'override') throw new LogFluxError('internal', 'discovery without a region'); // planned with no endpoint
  return discoverIngestor({
    request: platform.request,
    plan,
    apiKey,
    timeoutMs,
    ...(platform.userAgent ? { userAgent: platform.userAgent } : {}),
  });
}
