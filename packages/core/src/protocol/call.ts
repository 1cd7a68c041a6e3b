import { LogFluxError } from '../errors.js';
import type { HttpResponse, RequestFunction } from './http.js';

/**
 * Performs one request through the runtime's request function. A network error or timeout becomes
 * a `network` LogFluxError naming only the host (never the path's query, headers or body).
 */
export async function callService(
  request: RequestFunction,
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  timeoutMs: number,
  keepalive = false,
): Promise<HttpResponse> {
  try {
    return await request({ url, method, headers, ...(body !== undefined ? { body } : {}), timeoutMs, ...(keepalive ? { keepalive } : {}) });
  } catch (error) {
    throw new LogFluxError('network', `cannot reach ${new URL(url).host}: ${(error as Error)?.message}`, { cause: error });
  }
}
