/**
 * The one configuration resolver of the Node runtime: `LOGFLUX_*` environment variables, with
 * explicit options winning field by field. `createLogFlux`, `initFromEnv`, both winston
 * transports and the pino transport (in-process and in worker threads) all resolve through it
 * (docs/configuration.md, "Where options come from").
 */
import { CLIENT_DEFAULTS, type DiagnosticLevel, LogFluxError, type TunableOptions } from '@logflux/core';
import type { NodeClientOptions } from './nodeOptions.js';

const LEVEL_NAMES: Record<string, number> = { emergency: 1, alert: 2, critical: 3, error: 4, warning: 5, notice: 6, info: 7, debug: 8 };

/** `maxQueueEntries` → `LOGFLUX_MAX_QUEUE_ENTRIES`. */
export const envName = (option: string) => `LOGFLUX_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** The numeric tunables, each read from its `LOGFLUX_<NAME>` variable. */
const NUMERIC = (Object.keys(CLIENT_DEFAULTS) as (keyof TunableOptions)[]).filter(
  (k) => !['payloadType', 'source', 'minLevel', 'sampleRate'].includes(k),
);

/** Every variable the resolver reads, and what it sets. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  LOGFLUX_API_KEY: 'apiKey: the API key',
  LOGFLUX_ENDPOINT: 'endpoint: ingestor base URL; skips discovery',
  LOGFLUX_PUBLIC_KEY: "publicKey: the pin, the customer's public key PEM or its SHA256: fingerprint",
  LOGFLUX_PIN: 'publicKey: the same as LOGFLUX_PUBLIC_KEY',
  LOGFLUX_PUBLIC_KEY_FILE: 'publicKeyFile: the pin, from a PEM file',
  LOGFLUX_SOURCE: 'source',
  LOGFLUX_ENVIRONMENT: 'environment (meta.environment)',
  LOGFLUX_RELEASE: 'release (meta.release)',
  LOGFLUX_NODE: 'node (meta.node)',
  LOGFLUX_PAYLOAD_TYPE: 'payloadType: gzip (1) or zstd (2)',
  LOGFLUX_MIN_LEVEL: 'minLevel: emergency … debug, or 1-8',
  LOGFLUX_SAMPLE_RATE: 'sampleRate: 0..1',
  ...Object.fromEntries(NUMERIC.map((k) => [envName(k), `${k}: an integer`])),
  LOGFLUX_SPOOL: 'spool: "off" turns the outage spool off',
  LOGFLUX_SPOOL_DIR: 'spool.dir',
  LOGFLUX_SPOOL_MAX_BYTES: 'spool.maxBytes',
  LOGFLUX_DURABILITY: 'durability: memory or disk',
  LOGFLUX_HANDLE_SIGNALS: 'handleSignals: 1/true or 0/false',
  LOGFLUX_FLUSH_ON_EXIT: 'flushOnExit: 1/true or 0/false',
  LOGFLUX_EXIT_TIMEOUT_MS: 'exitTimeoutMs',
  LOGFLUX_SEAL_THREADS: 'sealThreads: 0-16',
  LOGFLUX_STRICT: 'strict: 1 throws at construction on an invalid configuration',
  LOGFLUX_DEBUG: 'debug: 1 prints the debug diagnostics',
  LOGFLUX_LOG_LEVEL: 'logLevel: error, warn, info, debug or trace',
  LOG_LEVEL: 'logLevel, when neither LOGFLUX_LOG_LEVEL nor LOGFLUX_DEBUG is set (other values are ignored)',
};

type Env = Record<string, string | undefined>;

function bad(name: string, expected: string): never {
  throw new LogFluxError('invalid_option', `environment variable ${name} must be ${expected}`);
}

function number(env: Env, name: string): number | undefined {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : bad(name, 'a number');
}

function flag(env: Env, name: string): boolean | undefined {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return bad(name, '1 or 0 (true or false)');
}

/** A log level from LOG_LEVEL-style text, leniently (an application's own values must not break it). */
export function levelFromText(text: string | undefined): DiagnosticLevel | undefined {
  const v = text?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === 'warning') return 'warn';
  if (['fatal', 'critical', 'silent', 'off', 'none'].includes(v)) return 'error';
  return (['error', 'warn', 'info', 'debug', 'trace'] as const).find((l) => l === v);
}

/**
 * The options the `LOGFLUX_*` variables set (see {@link ENV_VARIABLES}), and nothing for the
 * variables that are unset or empty; with `overrides`, those win field by field, as they would
 * given to `createLogFlux` (see {@link resolveNodeOptions}). Throws `invalid_option` naming a
 * variable whose value is invalid.
 */
export function optionsFromEnv(env: Env = process.env, overrides?: NodeClientOptions): NodeClientOptions {
  if (overrides !== undefined) {
    const { options, problem } = resolveNodeOptions(overrides, env);
    if (problem) throw problem;
    return options;
  }
  const o: NodeClientOptions = {};
  const text = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const set = <K extends keyof NodeClientOptions>(key: K, value: NodeClientOptions[K] | undefined) => {
    if (value !== undefined) o[key] = value;
  };
  set('apiKey', text('LOGFLUX_API_KEY')?.trim());
  set('endpoint', text('LOGFLUX_ENDPOINT')?.trim());
  const pin = text('LOGFLUX_PUBLIC_KEY') ?? text('LOGFLUX_PIN');
  if (text('LOGFLUX_PIN') !== undefined && text('LOGFLUX_PUBLIC_KEY') !== undefined && text('LOGFLUX_PIN') !== text('LOGFLUX_PUBLIC_KEY'))
    bad('LOGFLUX_PIN', 'the same as LOGFLUX_PUBLIC_KEY when both are set');
  set('publicKey', pin?.trim());
  if (pin === undefined) set('publicKeyFile', text('LOGFLUX_PUBLIC_KEY_FILE'));
  for (const [key, name] of [
    ['source', 'LOGFLUX_SOURCE'],
    ['environment', 'LOGFLUX_ENVIRONMENT'],
    ['release', 'LOGFLUX_RELEASE'],
    ['node', 'LOGFLUX_NODE'],
  ] as const)
    set(key, text(name));
  const payload = text('LOGFLUX_PAYLOAD_TYPE')?.trim().toLowerCase();
  if (payload !== undefined)
    o.payloadType =
      payload === '1' || payload === 'gzip' ? 1 : payload === '2' || payload === 'zstd' ? 2 : bad('LOGFLUX_PAYLOAD_TYPE', 'gzip or zstd');
  const level = text('LOGFLUX_MIN_LEVEL')?.trim().toLowerCase();
  if (level !== undefined) o.minLevel = LEVEL_NAMES[level] ?? number(env, 'LOGFLUX_MIN_LEVEL');
  set('sampleRate', number(env, 'LOGFLUX_SAMPLE_RATE'));
  for (const key of NUMERIC) set(key, number(env, envName(key)));
  const spool = text('LOGFLUX_SPOOL')?.trim().toLowerCase();
  if (spool !== undefined && !['off', 'on', '0', '1', 'false', 'true'].includes(spool)) bad('LOGFLUX_SPOOL', 'off or on');
  if (spool === 'off' || spool === '0' || spool === 'false') o.spool = false;
  else if (text('LOGFLUX_SPOOL_DIR') !== undefined || text('LOGFLUX_SPOOL_MAX_BYTES') !== undefined) {
    const maxBytes = number(env, 'LOGFLUX_SPOOL_MAX_BYTES');
    o.spool = { ...(text('LOGFLUX_SPOOL_DIR') ? { dir: text('LOGFLUX_SPOOL_DIR') } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
  }
  const durability = text('LOGFLUX_DURABILITY')?.trim().toLowerCase();
  if (durability !== undefined)
    o.durability = durability === 'disk' || durability === 'memory' ? durability : bad('LOGFLUX_DURABILITY', 'memory or disk');
  set('handleSignals', flag(env, 'LOGFLUX_HANDLE_SIGNALS'));
  set('flushOnExit', flag(env, 'LOGFLUX_FLUSH_ON_EXIT'));
  set('exitTimeoutMs', number(env, 'LOGFLUX_EXIT_TIMEOUT_MS'));
  set('sealThreads', number(env, 'LOGFLUX_SEAL_THREADS'));
  set('strict', flag(env, 'LOGFLUX_STRICT'));
  const logLevel = levelFromText(text('LOGFLUX_LOG_LEVEL'));
  if (text('LOGFLUX_LOG_LEVEL') !== undefined && logLevel === undefined) bad('LOGFLUX_LOG_LEVEL', 'error, warn, info, debug or trace');
  set('logLevel', logLevel ?? (flag(env, 'LOGFLUX_DEBUG') ? 'debug' : levelFromText(text('LOG_LEVEL'))));
  return o;
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The options a client starts with: the environment's, overridden field by field by `explicit`
 * (an option set to `undefined` does not override). The pin is one field (`publicKey` or
 * `publicKeyFile` given here hides every pin variable); so are the diagnostics (`logLevel` or
 * `debug` given here hides LOGFLUX_LOG_LEVEL, LOGFLUX_DEBUG and LOG_LEVEL); `spool` objects merge.
 * Returns the problem instead of throwing when a variable is invalid.
 */
export function resolveNodeOptions(
  explicit: NodeClientOptions | undefined,
  env: Env = process.env,
): { options: NodeClientOptions; problem?: LogFluxError } {
  const given = (typeof explicit === 'object' && explicit !== null ? defined(explicit) : {}) as NodeClientOptions;
  let fromEnv: NodeClientOptions = {};
  let problem: LogFluxError | undefined;
  try {
    fromEnv = optionsFromEnv(env);
  } catch (error) {
    problem = error as LogFluxError;
  }
  if (given.publicKey !== undefined || given.publicKeyFile !== undefined) {
    delete fromEnv.publicKey;
    delete fromEnv.publicKeyFile;
  }
  if (given.logLevel !== undefined || given.debug !== undefined) delete fromEnv.logLevel;
  const options: NodeClientOptions = { ...fromEnv, ...given };
  if (typeof given.spool === 'object' && given.spool !== null && typeof fromEnv.spool === 'object')
    options.spool = { ...fromEnv.spool, ...defined(given.spool) };
  if (explicit !== undefined && (typeof explicit !== 'object' || explicit === null))
    problem ??= new LogFluxError('invalid_option', 'the options must be an object');
  return problem ? { options, problem } : { options };
}
