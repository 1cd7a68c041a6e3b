import { LogFluxError } from '@logflux/core';
import { LogFluxNode, type NodeClientOptions } from './client.js';

/**
 * The environment variables {@link initFromEnv} reads. Only LOGFLUX_API_KEY is required.
 */
export const ENV_VARIABLES = {
  LOGFLUX_API_KEY: 'the API key (required)',
  LOGFLUX_ENDPOINT: 'ingestor base URL; skips discovery',
  LOGFLUX_PUBLIC_KEY: "the pin: the customer's public key PEM or its SHA256: fingerprint",
  LOGFLUX_PUBLIC_KEY_FILE: 'the pin, from a PEM file',
  LOGFLUX_SOURCE: 'source name of every entry',
  LOGFLUX_ENVIRONMENT: 'meta.environment',
  LOGFLUX_RELEASE: 'meta.release',
  LOGFLUX_NODE: 'meta.node (default: none)',
  LOGFLUX_PAYLOAD_TYPE: 'gzip (1, default) or zstd (2)',
  LOGFLUX_MIN_LEVEL: 'lowest severity sent: emergency … debug, or 1-8',
  LOGFLUX_SAMPLE_RATE: 'fraction of entries kept, 0..1 (audit entries are never sampled)',
  LOGFLUX_SPOOL: '"off" disables the outage spool',
  LOGFLUX_SPOOL_DIR: 'spool directory',
  LOGFLUX_SPOOL_MAX_BYTES: 'spool size cap in bytes',
  LOGFLUX_HANDLE_SIGNALS: '"1" delivers queued entries on SIGTERM/SIGINT',
} as const;

const LEVEL_NAMES: Record<string, number> = { emergency: 1, alert: 2, critical: 3, error: 4, warning: 5, notice: 6, info: 7, debug: 8 };

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new LogFluxError('invalid_option', `${name} must be a number`);
  return n;
}

/** Options from LOGFLUX_* variables (see {@link ENV_VARIABLES}), overridden by `overrides`. */
export function optionsFromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<NodeClientOptions> = {},
): NodeClientOptions {
  const apiKey = overrides.apiKey ?? env.LOGFLUX_API_KEY;
  if (!apiKey) throw new LogFluxError('invalid_option', 'LOGFLUX_API_KEY is not set');
  const payload = env.LOGFLUX_PAYLOAD_TYPE?.toLowerCase();
  const level = env.LOGFLUX_MIN_LEVEL?.toLowerCase();
  const options: NodeClientOptions = { apiKey };
  const set = <K extends keyof NodeClientOptions>(key: K, value: NodeClientOptions[K] | undefined) => {
    if (value !== undefined && value !== '') options[key] = value;
  };
  set('endpoint', env.LOGFLUX_ENDPOINT);
  set('publicKey', env.LOGFLUX_PUBLIC_KEY);
  set('publicKeyFile', env.LOGFLUX_PUBLIC_KEY_FILE);
  set('source', env.LOGFLUX_SOURCE);
  set('environment', env.LOGFLUX_ENVIRONMENT);
  set('release', env.LOGFLUX_RELEASE);
  set('node', env.LOGFLUX_NODE);
  if (payload) {
    if (!['1', '2', 'gzip', 'zstd'].includes(payload))
      throw new LogFluxError('invalid_option', 'LOGFLUX_PAYLOAD_TYPE must be gzip or zstd');
    options.payloadType = payload === '2' || payload === 'zstd' ? 2 : 1;
  }
  if (level) options.minLevel = LEVEL_NAMES[level] ?? int('LOGFLUX_MIN_LEVEL', level);
  set('sampleRate', int('LOGFLUX_SAMPLE_RATE', env.LOGFLUX_SAMPLE_RATE));
  if (env.LOGFLUX_SPOOL === 'off') options.spool = false;
  else if (env.LOGFLUX_SPOOL_DIR || env.LOGFLUX_SPOOL_MAX_BYTES) {
    options.spool = {
      ...(env.LOGFLUX_SPOOL_DIR ? { dir: env.LOGFLUX_SPOOL_DIR } : {}),
      ...(env.LOGFLUX_SPOOL_MAX_BYTES ? { maxBytes: int('LOGFLUX_SPOOL_MAX_BYTES', env.LOGFLUX_SPOOL_MAX_BYTES) as number } : {}),
    };
  }
  if (env.LOGFLUX_HANDLE_SIGNALS === '1' || env.LOGFLUX_HANDLE_SIGNALS === 'true') options.handleSignals = true;
  return { ...options, ...overrides };
}

/** Creates a client configured from LOGFLUX_* environment variables. */
export function initFromEnv(
  overrides: Partial<NodeClientOptions> = {},
  env: Record<string, string | undefined> = process.env,
): LogFluxNode {
  return new LogFluxNode(optionsFromEnv(env, overrides));
}
