import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DESTINATION_DEFAULTS, defaultRuntimeDir, defaultStateDir } from './defaults.js';
import { AgentConfigError, Fields } from './fields.js';
import { parseInput } from './inputs.js';
import type { AgentConfig, DestinationConfig, InputConfig, LogLevel } from './types.js';

export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'trace'];

function absolute(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function parseDestination(f: Fields, baseDir: string): DestinationConfig {
  if (f.has('apiKey')) f.fail('apiKey', 'the API key does not belong in the config file: use apiKeyFile or apiKeyEnv');
  const apiKeyFile = f.string('apiKeyFile');
  const apiKeyEnv = f.string('apiKeyEnv');
  if (apiKeyFile && apiKeyEnv) f.fail('apiKeyEnv', 'give either apiKeyFile or apiKeyEnv, not both');
  const publicKeyFile = f.string('publicKeyFile');
  const publicKey = f.string('publicKey');
  if (publicKeyFile && publicKey) f.fail('publicKey', 'give either publicKeyFile or publicKey, not both');
  if (publicKey && !/^SHA256:[0-9A-Fa-f]{64}$/.test(publicKey) && !publicKey.includes('-----BEGIN PUBLIC KEY-----'))
    f.fail('publicKey', 'must be a SHA256:<64 hex digits> fingerprint or a PEM public key');
  const endpoint = f.string('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/i.test(endpoint)) f.fail('endpoint', 'must be an http(s) URL');
  const spoolRaw = f.raw('spool');
  let spool: DestinationConfig['spool'];
  if (spoolRaw === false) spool = false;
  else if (spoolRaw !== undefined) {
    const s = Fields.of(f.field('spool'), spoolRaw);
    const dir = s.string('dir');
    const maxBytes = s.int('maxBytes', 1024 * 1024, 2 ** 40);
    s.done();
    spool = { ...(dir ? { dir: absolute(dir, baseDir) } : {}), ...(maxBytes ? { maxBytes } : {}) };
  }
  const payload = f.raw('payloadType');
  if (payload !== undefined && payload !== 1 && payload !== 2) f.fail('payloadType', 'must be 1 (gzip) or 2 (zstd)');
  const out: DestinationConfig = {
    ...(endpoint ? { endpoint } : {}),
    ...(apiKeyFile ? { apiKeyFile: absolute(apiKeyFile, baseDir) } : {}),
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
    ...(publicKeyFile ? { publicKeyFile: absolute(publicKeyFile, baseDir) } : {}),
    ...(publicKey ? { publicKey } : {}),
    source: f.string('source', DESTINATION_DEFAULTS.source),
    ...(spool !== undefined ? { spool } : {}),
    ...(payload !== undefined ? { payloadType: payload as 1 | 2 } : {}),
    maxQueueEntries: f.int('maxQueueEntries', 100, 10_000_000, DESTINATION_DEFAULTS.maxQueueEntries),
    maxQueueBytes: f.int('maxQueueBytes', 64 * 1024, 2 ** 40, DESTINATION_DEFAULTS.maxQueueBytes),
  };
  for (const key of ['node', 'environment', 'release'] as const) {
    const v = f.string(key);
    if (v) out[key] = v;
  }
  const attributes = f.stringMap('attributes');
  if (attributes) out.attributes = attributes;
  const tunables: [keyof DestinationConfig, number, number][] = [
    ['maxBatchEntries', 1, 1000],
    ['maxBatchBytes', 1024, 64 * 1024 * 1024],
    ['flushIntervalMs', 0, 3_600_000],
    ['maxConcurrentRequests', 1, 64],
    ['sealThreads', 0, 16],
  ];
  for (const [key, min, max] of tunables) {
    const v = f.int(key, min, max);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  f.done();
  return out;
}

/**
 * Validates a parsed configuration (see docs/agent.md) and fills in defaults. Relative paths are
 * resolved against `baseDir` (the config file's directory). Throws {@link AgentConfigError}
 * naming the first bad field.
 */
export function validateConfig(raw: unknown, baseDir: string = process.cwd(), env = process.env): AgentConfig {
  const f: Fields = Fields.of('', raw);
  const destRaw = f.object('destinations') ?? f.fail('destinations', 'is required: at least one destination');
  const names = Object.keys(destRaw.value);
  if (names.length === 0) f.fail('destinations', 'needs at least one destination');
  const destinations: Record<string, DestinationConfig> = {};
  for (const name of names) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) destRaw.fail(name, 'destination names are 1-64 characters of A-Z a-z 0-9 _ . -');
    destinations[name] = parseDestination(Fields.of(destRaw.field(name), destRaw.raw(name)), baseDir);
  }
  destRaw.done();
  const defaultDestination = names.length === 1 ? (names[0] as string) : 'default';
  const inputsRaw = f.raw('inputs');
  if (!Array.isArray(inputsRaw) || inputsRaw.length === 0) f.fail('inputs', 'must be a non-empty array');
  const inputs: InputConfig[] = inputsRaw.map((r, i) => parseInput(r, i, baseDir, defaultDestination));
  const seen = new Map<string, number>();
  inputs.forEach((input, i) => {
    if (seen.has(input.name))
      throw new AgentConfigError(`inputs[${i}].name`, `"${input.name}" is already used by inputs[${seen.get(input.name)}]`);
    seen.set(input.name, i);
    if (!destinations[input.destination])
      throw new AgentConfigError(`inputs[${i}].destination`, `no destination named "${input.destination}"`);
  });
  const bp = f.object('backpressure');
  const backpressure = { highWater: bp?.number('highWater', 0.05, 1, 0.8) ?? 0.8, lowWater: bp?.number('lowWater', 0, 1, 0.5) ?? 0.5 };
  if (backpressure.lowWater >= backpressure.highWater) f.fail('backpressure.lowWater', 'must be below highWater');
  bp?.done();
  const config: AgentConfig = {
    stateDir: absolute(f.string('stateDir') ?? defaultStateDir(env), baseDir),
    runtimeDir: absolute(f.string('runtimeDir') ?? defaultRuntimeDir(env), baseDir),
    logLevel: f.oneOf('logLevel', LOG_LEVELS, 'info'),
    destinations,
    backpressure,
    inputs,
  };
  f.done();
  return config;
}

/** Reads and validates a JSON config file; errors name the file and the field. */
export function loadConfig(path: string, env = process.env): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AgentConfigError('', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error; report only where it is.
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    throw new AgentConfigError('', `${path} is not valid JSON${line ? ` (line ${line})` : ''}`);
  }
  try {
    return validateConfig(raw, dirname(resolve(path)), env);
  } catch (error) {
    if (error instanceof AgentConfigError) throw new AgentConfigError(error.field ? `${path}: ${error.field}` : path, error.problem);
    throw error;
  }
}
