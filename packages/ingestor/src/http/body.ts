import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/**
 * The one bounded reader for request bodies of every form: with Content-Length, chunked, aborted
 * mid-body, or trickling in. It never throws synchronously and settles exactly once:
 *
 * - resolves with the whole body once it has ended within `limit` bytes and `timeoutMs`;
 * - rejects with `413 payload_too_large` as soon as the declared or received size passes `limit`,
 *   and with `408 request_timeout` when the body has not ended `timeoutMs` after reading began.
 *   Both stop reading and ask for the connection to be closed after the answer (the rest of the
 *   body is never read);
 * - rejects with {@link RequestAborted} when the client goes away before the end (there is no one
 *   to answer).
 */

/** Default time for a whole body to arrive: the official SDKs' and ours HTTP timeout. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/** The client closed the connection before its body ended; nothing can be answered. */
export class RequestAborted extends Error {
  override readonly name = 'RequestAborted';
}

export function readBody(req: IncomingMessage, limit: number, timeoutMs = DEFAULT_BODY_TIMEOUT_MS): Promise<Buffer> {
  const tooLarge = () => new HttpError('payload_too_large', `the request body exceeds ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  if (req.complete && req.readableEnded) return Promise.resolve(Buffer.alloc(0));

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      if (error) {
        // Stop reading: the answer carries `Connection: close` and the socket goes after it.
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onGone = () => finish(new RequestAborted('the client closed the connection before the body ended'));
    const onClose = () => {
      if (!req.complete) onGone();
    };
    const timer = setTimeout(
      () => finish(new HttpError('request_timeout', `the request body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref?.();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onClose);
    req.resume();
  });
}
