import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import { DIAGNOSTIC_LEVELS } from './diagnostics.js';
import { CLIENT_DEFAULTS, type ClientOptions, type ResolvedOptions, type TunableOptions } from './options.js';

function invalid(option: string, expected: string): never {
  throw new LogFluxError('invalid_option', `option ${option} must be ${expected}`);
}

/** The integer options and their ranges, as `name min max` triples (compact: a page's first chunk holds this). */
const INTEGER_OPTIONS = `minLevel 1 8 maxQueueEntries 1 1e7 maxQueueBytes 1024 ${2 ** 40} maxBatchEntries 1 ${PROTOCOL.maxBatchEntries}
maxBatchBytes 1024 ${64 * 1024 * 1024} flushIntervalMs 0 36e5 maxConcurrentRequests 1 64 requestTimeoutMs 100 6e5 maxRetries 0 100
backoffInitialMs 0 6e5 backoffMaxMs 0 36e5 quotaPauseMs 0 864e5 rotateAfterEntries 1 ${2 ** 31} rotateAfterMs 1000 ${30 * 86_400_000}
minRsaBits ${PROTOCOL.absoluteMinRsaModulusBits} 16384 discoveryTimeoutMs 100 6e5 closeTimeoutMs 0 6e5`.split(/\s+/);

/** Applies defaults and validates; throws `invalid_option` naming the first bad option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) invalid('(options)', 'an object');
  const out = { ...CLIENT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedOptions;
  if (out.apiKey === undefined || out.apiKey === '')
    throw new LogFluxError('invalid_option', 'option apiKey is missing (the API key; in Node also LOGFLUX_API_KEY)');
  if (typeof out.apiKey !== 'string') invalid('apiKey', 'a string');
  for (let i = 0; i < INTEGER_OPTIONS.length; i += 3) {
    const name = INTEGER_OPTIONS[i] as keyof TunableOptions;
    const min = Number(INTEGER_OPTIONS[i + 1]);
    const max = Number(INTEGER_OPTIONS[i + 2]);
    const v = out[name] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) invalid(name, `an integer from ${min} to ${max}`);
  }
  if (out.payloadType !== 1 && out.payloadType !== 2) invalid('payloadType', '1 (gzip) or 2 (zstd)');
  if (typeof out.sampleRate !== 'number' || !(out.sampleRate >= 0 && out.sampleRate <= 1)) invalid('sampleRate', 'a number from 0 to 1');
  if (typeof out.source !== 'string' || out.source === '') invalid('source', 'a non-empty string');
  for (const name of ['endpoint', 'publicKey', 'node', 'environment', 'release'] as const) {
    if (out[name] !== undefined && typeof out[name] !== 'string') invalid(name, 'a string');
  }
  for (const name of ['beforeSend', 'onError'] as const) {
    if (out[name] !== undefined && typeof out[name] !== 'function') invalid(name, 'a function');
  }
  for (const name of ['strict', 'debug'] as const) {
    if (out[name] !== undefined && typeof out[name] !== 'boolean') invalid(name, 'true or false');
  }
  if (out.logLevel !== undefined && !DIAGNOSTIC_LEVELS.includes(out.logLevel)) invalid('logLevel', DIAGNOSTIC_LEVELS.join(', '));
  if (out.attributes !== undefined && (typeof out.attributes !== 'object' || out.attributes === null || Array.isArray(out.attributes)))
    invalid('attributes', 'an object');
  if (out.backoffMaxMs < out.backoffInitialMs) invalid('backoffMaxMs', 'at least backoffInitialMs');
  return out;
}
