/**
 * What the client's constructor does: options, the shared context, the dispatcher, the first
 * handshake, the exit and offline parts, the host's lifecycle — and what happens to a configuration
 * that cannot work: thrown with `strict: true`, otherwise reported once and every entry dropped
 * (`invalid_config`), so that a bad option never crashes the application.
 */
import { LogFluxError } from '../errors.js';
import { encodeAttributes } from './attributes.js';
import { createContext, type PipelineContext } from './context.js';
import { createDispatcher } from './dispatch.js';
import type { EntryContext } from './entryBuilder.js';
import { createFlushController, type FlushController } from './flushController.js';
import { followLifecycle } from './lifecycle.js';
import { CLIENT_DEFAULTS, type ClientOptions, type ResolvedOptions } from './options.js';
import type { ClientPlatform } from './platform.js';
import { resolveOptions } from './resolveOptions.js';

export interface ClientParts {
  ctx: PipelineContext;
  flush: FlushController;
  entry: EntryContext;
  /** The first handshake (rejects with its error; nobody needs to wait for it). */
  warmUp: Promise<void>;
  /** Stops following the host's lifecycle. */
  unsubscribe: () => void;
}

function asError(error: unknown): LogFluxError {
  return error instanceof LogFluxError ? error : new LogFluxError('invalid_option', String((error as Error)?.message ?? error));
}

/** The options, or — when they cannot work — harmless ones and the problem. */
function options(given: ClientOptions): { opts: ResolvedOptions; problem?: LogFluxError } {
  try {
    return { opts: resolveOptions(given) };
  } catch (error) {
    const o = (typeof given === 'object' && given !== null ? given : {}) as Partial<ClientOptions>;
    const opts = { ...CLIENT_DEFAULTS, apiKey: '' } as ResolvedOptions;
    if (typeof o.onError === 'function') opts.onError = o.onError;
    if (typeof o.logLevel === 'string') opts.logLevel = o.logLevel;
    return { opts, problem: asError(error) };
  }
}

export function setUpClient(
  given: ClientOptions,
  platform: ClientPlatform,
  actions: { flushNow(): Promise<unknown>; retryNow(): void },
): ClientParts {
  const strict = (given as { strict?: unknown } | null)?.strict === true;
  const { opts, problem } = options(given);
  const ctx = createContext(opts, platform, platform.configProblem ?? problem);
  const flush = createFlushController(ctx.clock, opts.flushIntervalMs, (reason) => dispatcher.pump(reason));
  const dispatcher = createDispatcher(ctx, flush);
  ctx.pump = dispatcher.pump;
  const meta: Record<string, string> = {};
  for (const key of ['environment', 'release', 'node'] as const) if (opts[key]) meta[key] = opts[key];
  const own = encodeAttributes(opts.attributes, {}, (r) => ctx.limited(r));
  const entry: EntryContext = {
    source: opts.source,
    attributes: Object.keys(own).length > 0 ? own : undefined,
    meta: Object.keys(meta).length > 0 ? meta : undefined,
    onLimit: (r) => ctx.limited(r),
    ...(platform.context ? { context: platform.context } : {}),
  };

  const unusable = ctx.misconfigured;
  if (unusable) {
    if (strict) throw unusable;
    ctx.log.error(`the client cannot start, and drops every entry (invalid_config): ${unusable.errorClass}: ${unusable.message}`);
    ctx.report(unusable, true);
    const warmUp = Promise.reject(unusable);
    warmUp.catch(() => {});
    return { ctx, flush, entry, warmUp, unsubscribe: () => {} };
  }

  const store = ctx.store?.store;
  // Records an earlier process left are replayed once the store has counted them.
  if (store)
    void Promise.resolve(store.opened).then(
      () => store.size().records > 0 && ctx.replay(),
      () => {},
    );
  // The exit and offline parts must be in before the host leaves or its network goes: at once, or
  // after the first delivery where the runtime keeps its first load small.
  const preload = () => void Promise.all([ctx.loadExit(), ctx.offline()]).catch(() => {});
  if (platform.deferLoading) {
    const stop = ctx.emitter.on('acknowledged', () => {
      stop();
      preload();
    });
  } else preload();
  // Handshake early, so the first batch does not wait for it and a wrong pin shows at once.
  const warmUp = ctx.sessions.acquire(ctx.clock.now()).then(
    () => ctx.platform.durable?.accepted(ctx, ctx.queue.all()), // what waited for the session key
    (error: unknown) => {
      ctx.report(error);
      if (error instanceof LogFluxError && error.errorClass === 'unauthorized') ctx.ledger.stats.transport = 'unauthorized';
      throw error;
    },
  );
  warmUp.catch(() => {});
  const unsubscribe = followLifecycle(ctx, { ...actions, ingestorUrl: () => ctx.sessions.knownIngestor });
  return { ctx, flush, entry, warmUp, unsubscribe };
}
