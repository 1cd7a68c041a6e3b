import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as the route handlers see it. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  /** Headers added to whatever response is sent (rate-limit state). */
  headers: Record<string, string>;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
  return m?.[1];
}
