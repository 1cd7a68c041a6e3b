import type { HttpResponse, RequestFunction } from '@logflux/core';
import ky from 'ky';

/**
 * The Node request function: one HTTP request through `ky` (on Node's fetch), with a timeout and
 * no retries or redirects — retries, backoff and status handling belong to the core pipeline.
 * Rejects only for network errors and timeouts.
 */
export const kyRequest: RequestFunction = async (request) => {
  const res = await ky(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
    timeout: request.timeoutMs,
    retry: 0,
    throwHttpErrors: false,
    redirect: 'manual',
  });
  const body = await res.text();
  const response: HttpResponse = { status: res.status, header: (name) => res.headers.get(name) ?? undefined, body };
  return response;
};
