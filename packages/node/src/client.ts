import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import {
  type ClientOptions,
  type Clock,
  diagnosticLevel,
  type Lifecycle,
  LogFluxClient,
  LogFluxError,
  type Sealer,
  spanInputOf,
} from '@logflux/core';
import { DiskSpool } from './diskSpool.js';
import { openJournal } from './durability.js';
import { resolveNodeOptions } from './env.js';
import { ExitBudget, exitSender } from './exitSender.js';
import {
  checkNodeOptions,
  DEFAULT_EXIT_TIMEOUT_MS,
  DEFAULT_SPOOL_BYTES,
  defaultSealThreads,
  type NodeClientOptions,
} from './nodeOptions.js';
import { attachProcessHooks } from './processHooks.js';
import { nodeProviders, prepareZstd } from './providers.js';
import { kyRequest } from './request.js';
import { currentScope } from './scope.js';
import { sealHere, sharedSealPool } from './sealPool.js';

export { DEFAULT_SPOOL_BYTES, defaultSealThreads, type NodeClientOptions } from './nodeOptions.js';

/** Timers that never keep the process alive; only an awaited flush() or close() does (`hold`). */
export const unrefClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  // While a flush() or close() is awaited, the process waits for it (a pending promise alone would not).
  hold() {
    const t = setInterval(() => {}, 2 ** 30);
    return () => clearInterval(t);
  },
};

export function defaultSpoolDir(apiKey: string, endpoint: string | undefined): string {
  const id = createHash('sha256')
    .update(`${apiKey}\u0000${endpoint ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), 'logflux-spool', id);
}

/** What a host other than the process gives `createLogFlux` (tests, the record worker). */
export interface NodeClientHost {
  /** Replaces the process's lifecycle: a client run by a host of its own (a logger integration's worker thread). */
  lifecycle?: Lifecycle;
  /** The environment the options are resolved against (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Where diagnostics go (default: standard error). */
  diagnostic?: (message: string) => void;
}

/**
 * The process as core's lifecycle: `beforeExit` → hidden (deliver now); `exit` (`process.exit()`,
 * an uncaught exception) → leaving: what is queued is sealed and sent synchronously within the
 * exit budget, the rest spooled; SIGTERM/SIGINT → deliver within the budget, then — when the
 * signal will end the process — leaving for what is left. Listeners go when the client closes.
 */
function processLifecycle(settings: { flushOnExit: boolean; handleSignals: boolean }, budget: ExitBudget, client: () => LogFluxClient) {
  return {
    subscribe(listener) {
      return attachProcessHooks({
        ...(settings.flushOnExit
          ? {
              onBeforeExit: () => listener('hidden'),
              onExit: () => {
                budget.start();
                listener('leaving');
              },
            }
          : {}),
        ...(settings.handleSignals
          ? {
              deliverOnSignal: async (final: boolean) => {
                budget.start();
                // Entries still on their way through a logger's streams reach the client within a turn of the loop.
                for (let seen = -1; seen !== client().stats().logged && budget.left() > 0; ) {
                  seen = client().stats().logged;
                  await new Promise((resolve) => setImmediate(resolve));
                  await client().flush({ timeoutMs: budget.left(), reason: 'exit' });
                }
                if (final) listener('leaving');
              },
            }
          : {}),
      });
    },
  } satisfies Lifecycle;
}

const stderr = (message: string) => {
  try {
    process.stderr.write(`${message}\n`);
  } catch {
    // no stderr to write to
  }
};

function readPin(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LogFluxError('invalid_option', `cannot read publicKeyFile ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Creates the LogFlux client for Node.js: core's pipeline with OpenSSL AES-GCM, fast gzip, sealing
 * threads, an encrypted disk spool for outages, unref'd timers, and delivery before the process
 * ends. Options not given come from `LOGFLUX_*` environment variables (see `ENV_VARIABLES`). An
 * invalid configuration never throws (unless `strict: true`): it is reported once on standard
 * error and the client drops every entry, counted as `invalid_config`.
 */
export function createLogFlux(options: NodeClientOptions = {}, host: NodeClientHost = {}): LogFluxClient {
  const resolved = resolveNodeOptions(options, host.env ?? process.env);
  let problem = resolved.problem;
  const o = resolved.options;
  const fail = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      problem ??= error as LogFluxError;
    }
  };
  fail(() => checkNodeOptions(o));
  const {
    publicKeyFile,
    spool: spoolOption,
    handleSignals = true,
    flushOnExit = true,
    exitTimeoutMs,
    sealThreads,
    durability,
    ...core
  } = o;
  let publicKey = core.publicKey;
  if (publicKey === undefined && typeof publicKeyFile === 'string')
    fail(() => {
      publicKey = readPin(publicKeyFile);
    });
  const diagnostic = host.diagnostic ?? stderr;
  // What is said before the client exists (the spool, journals) is a warning: quiet at logLevel 'error'.
  const level = diagnosticLevel(core.logLevel, core.debug);
  const warning = (message: string) => {
    if (level !== 'error') diagnostic(message);
  };
  let store: { store: DiskSpool; maxBytes: number } | undefined;
  if (!problem && spoolOption !== false && typeof core.apiKey === 'string' && core.apiKey !== '') {
    const dir = spoolOption?.dir ?? defaultSpoolDir(core.apiKey, core.endpoint);
    try {
      store = { store: new DiskSpool(dir), maxBytes: spoolOption?.maxBytes ?? DEFAULT_SPOOL_BYTES };
    } catch (error) {
      warning(`logflux: the spool directory ${dir} cannot be used (${(error as NodeJS.ErrnoException).code}); running without a spool`);
    }
  }
  // Journals that killed processes left become spool records first; with 'disk' this process keeps one too.
  const durable = store ? openJournal(store.store, durability === 'disk', warning) : undefined;
  const threads = problem ? 0 : (sealThreads ?? defaultSealThreads());
  const sealer: Sealer = threads > 0 ? sharedSealPool(threads) : { seal: sealHere };
  const budget = new ExitBudget(exitTimeoutMs ?? DEFAULT_EXIT_TIMEOUT_MS);
  const exits = !problem && flushOnExit && !host.lifecycle && isMainThread ? exitSender() : undefined;
  let client: LogFluxClient | undefined;
  client = new LogFluxClient({ ...core, ...(publicKey !== undefined ? { publicKey } : {}) } as ClientOptions, {
    providers: nodeProviders(),
    request: kyRequest,
    clock: unrefClock,
    ...(store ? { spool: store } : {}),
    ...(durable ? { durable: durable.intake } : {}),
    sealer,
    ...(exits ? { sendOnExit: (request) => exits.send(request, budget.left()) } : {}),
    lifecycle: host.lifecycle ?? processLifecycle({ flushOnExit, handleSignals }, budget, () => client as LogFluxClient),
    context: currentScope,
    spanInput: spanInputOf,
    diagnostic,
    ...(problem ? { configProblem: problem } : {}),
    userAgent: 'logflux-node/0.1.0',
  });
  if (core.payloadType === 2 && !problem) void prepareZstd();
  durable?.finishAtExit();
  return client;
}

/**
 * Creates a client configured from `LOGFLUX_*` environment variables, `overrides` winning: the
 * same as `createLogFlux(overrides)`, which reads the environment too.
 */
export function initFromEnv(overrides: NodeClientOptions = {}, env: Record<string, string | undefined> = process.env): LogFluxClient {
  return createLogFlux(overrides, { env });
}

/** The Node client (core's {@link LogFluxClient}). */
export type LogFluxNode = LogFluxClient;

/**
 * @deprecated Use {@link createLogFlux}; `new LogFluxNode(options)` still works and returns the
 * same client.
 */
export const LogFluxNode = function LogFluxNode(options: NodeClientOptions) {
  return createLogFlux(options);
} as unknown as { new (options: NodeClientOptions): LogFluxClient; prototype: LogFluxClient };
LogFluxNode.prototype = LogFluxClient.prototype;
