import type { Attributes, FlushResult, Logger } from '@logflux/core';
import { withScope } from './scope.js';

/** What {@link withLogFlux} needs of a client: logging, and a flush that waits for delivery. */
export type FlushingLogger = Logger & { flush(options?: { timeoutMs?: number }): Promise<FlushResult> };

export interface WithLogFluxOptions<A extends unknown[]> {
  /**
   * The longest the wrapper waits for delivery after the handler settles, in ms (default 2000).
   * What is not acknowledged by then stays queued (and spooled at exit where a spool exists).
   */
  flushTimeoutMs?: number;
  /** Record an error the handler throws (or rejects with) before passing it on (default true). */
  captureErrors?: boolean;
  /**
   * Attributes of the invocation's scope, from the handler's arguments. Default: for an AWS
   * Lambda-style `(event, context)`, `faas.invocation_id` (`awsRequestId`) and `faas.name`; for a
   * `Request` (Next.js route handlers and other fetch-style handlers), `http.method` and `url.path`.
   */
  attributes?: (...args: A) => Attributes | undefined;
  /** Called with what the flush decided, e.g. to report entries still pending. */
  onFlush?: (result: FlushResult) => void;
}

/** The default scope: a Lambda context or a fetch `Request`, whichever the arguments hold. */
export function invocationAttributes(...args: unknown[]): Attributes | undefined {
  const [first, second] = args as [unknown, { awsRequestId?: unknown; functionName?: unknown } | undefined];
  if (second && typeof second === 'object' && typeof second.awsRequestId === 'string') {
    return {
      'faas.invocation_id': second.awsRequestId,
      ...(typeof second.functionName === 'string' ? { 'faas.name': second.functionName } : {}),
    };
  }
  if (typeof Request !== 'undefined' && first instanceof Request) {
    try {
      return { 'http.method': first.method, 'url.path': new URL(first.url).pathname };
    } catch {
      return { 'http.method': first.method };
    }
  }
  return undefined;
}

/**
 * Wraps a serverless handler — an AWS Lambda-style `async (event, context)`, a Next.js route
 * handler `async (request, context)`, any async function — so that everything it logs is
 * delivered before its promise settles: the handler runs in a scope (see `withScope`), an error it
 * throws is captured, then the wrapper awaits `client.flush()` (acknowledged by the ingestor, not
 * just queued), bounded by `flushTimeoutMs`, and only then resolves with the handler's result or
 * rejects with its error. A platform that freezes the process after the promise settles loses
 * nothing that was acknowledged in time. Callback-style Lambda handlers are not supported: make
 * them async.
 */
export function withLogFlux<A extends unknown[], R>(
  client: FlushingLogger,
  handler: (...args: A) => R | Promise<R>,
  options: WithLogFluxOptions<A> = {},
): (...args: A) => Promise<Awaited<R>> {
  const timeoutMs = options.flushTimeoutMs ?? 2000;
  const captureErrors = options.captureErrors ?? true;
  const scopeOf = options.attributes ?? (invocationAttributes as (...args: A) => Attributes | undefined);
  const flush = async () => {
    const result = await client.flush({ timeoutMs });
    options.onFlush?.(result);
  };
  return async (...args: A): Promise<Awaited<R>> => {
    let attributes: Attributes | undefined;
    try {
      attributes = scopeOf(...args);
    } catch {
      attributes = undefined;
    }
    let result: Awaited<R>;
    try {
      result = (await withScope(attributes ?? {}, () => handler(...args))) as Awaited<R>;
    } catch (error) {
      if (captureErrors) client.captureError(error, attributes ? { attributes } : {});
      await flush();
      throw error;
    }
    await flush();
    return result;
  };
}
