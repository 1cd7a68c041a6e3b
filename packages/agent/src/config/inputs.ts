import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_UNIX_SOCKET, INPUT_DEFAULTS, isLoopback } from './defaults.js';
import { Fields } from './fields.js';
import type { FileParser, InputConfig, InputType } from './types.js';

const TYPES: readonly InputType[] = ['unix', 'tcp', 'syslog_udp', 'syslog_tcp', 'http', 'file'];
const PARSERS: readonly FileParser[] = ['plain', 'json', 'nginx_combined', 'apache_combined', 'nginx_error', 'docker'];
const LEVEL_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

function absolute(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** host, port and the explicit consent to listen beyond loopback. */
function network(f: Fields) {
  const host = f.string('host', '127.0.0.1');
  const port = f.int('port', 0, 65535);
  if (port === undefined) f.fail('port', 'is required (0 picks a free port)');
  const allowExternal = f.bool('allowExternal', false);
  if (!isLoopback(host) && !allowExternal) f.fail('host', `${host} is not a loopback address; set "allowExternal": true to listen on it`);
  return { host, port, allowExternal };
}

function fileLevel(f: Fields): number {
  const v = f.raw('level');
  if (v === undefined) return 7;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8) return v;
  if (typeof v === 'string' && LEVEL_NAMES.includes(v)) return LEVEL_NAMES.indexOf(v) + 1;
  return f.fail('level', `must be 1-8 or one of ${LEVEL_NAMES.join(', ')}`);
}

function regex(f: Fields, key: string, pattern: string): string {
  try {
    new RegExp(pattern);
  } catch {
    f.fail(key, 'is not a valid regular expression');
  }
  return pattern;
}

/** Validates one entry of `inputs`, filling in defaults; `destination` is checked by the caller. */
export function parseInput(raw: unknown, index: number, baseDir: string, defaultDestination: string): InputConfig {
  const f: Fields = Fields.of(`inputs[${index}]`, raw);
  const type = f.raw('type');
  if (typeof type !== 'string' || !TYPES.includes(type as InputType)) f.fail('type', `must be one of ${TYPES.join(', ')}`);
  const name = f.string('name', `${type}-${index}`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) f.fail('name', 'must be 1-64 characters of A-Z a-z 0-9 _ . -');
  const base = {
    name,
    destination: f.string('destination', defaultDestination),
    ...(f.has('source') ? { source: f.string('source') as string } : {}),
    ...(f.has('attributes') ? { attributes: f.stringMap('attributes') } : {}),
  };
  let input: InputConfig;
  switch (type as InputType) {
    case 'unix': {
      const group = f.raw('group');
      if (group !== undefined && !(typeof group === 'string' && group !== '') && !(Number.isInteger(group) && (group as number) >= 0))
        f.fail('group', 'must be a group name or id');
      const modeText = f.string('mode', group === undefined ? '0600' : '0660');
      if (!/^0?[0-7]{3}$/.test(modeText)) f.fail('mode', 'must be an octal file mode such as "0600"');
      const mode = Number.parseInt(modeText, 8);
      if (mode & 0o007) f.fail('mode', 'must not let every user connect (no permission bits for "other")');
      input = {
        ...base,
        type: 'unix',
        path: absolute(f.string('path', DEFAULT_UNIX_SOCKET), baseDir),
        mode,
        ...(group !== undefined ? { group: group as string | number } : {}),
        maxLineBytes: f.int('maxLineBytes', 1024, 64 * 1024 * 1024, INPUT_DEFAULTS.maxLineBytes),
      };
      break;
    }
    case 'tcp': {
      const net = network(f);
      input = {
        ...base,
        type: 'tcp',
        ...net,
        acceptWithoutSecret: f.bool('acceptWithoutSecret', isLoopback(net.host)),
        maxLineBytes: f.int('maxLineBytes', 1024, 64 * 1024 * 1024, INPUT_DEFAULTS.maxLineBytes),
      };
      break;
    }
    case 'syslog_udp':
      input = {
        ...base,
        type: 'syslog_udp',
        ...network(f),
        maxMessageBytes: f.int('maxMessageBytes', 480, 65535, 65535),
      };
      break;
    case 'syslog_tcp':
      input = {
        ...base,
        type: 'syslog_tcp',
        ...network(f),
        framing: f.oneOf('framing', ['auto', 'octet_counting', 'newline'] as const, 'auto'),
        maxMessageBytes: f.int('maxMessageBytes', 480, 16 * 1024 * 1024, INPUT_DEFAULTS.maxMessageBytes),
      };
      break;
    case 'http': {
      const net = network(f);
      const path = f.string('path', '/');
      if (!path.startsWith('/')) f.fail('path', 'must start with /');
      const tokenFile = f.string('bearerTokenFile');
      const tokenEnv = f.string('bearerTokenEnv');
      if (tokenFile && tokenEnv) f.fail('bearerTokenEnv', 'give either bearerTokenFile or bearerTokenEnv, not both');
      if (!isLoopback(net.host) && !tokenFile && !tokenEnv)
        f.fail('bearerTokenFile', 'is required when the HTTP input listens beyond loopback');
      input = {
        ...base,
        type: 'http',
        ...net,
        path,
        ...(tokenFile ? { bearerTokenFile: absolute(tokenFile, baseDir) } : {}),
        ...(tokenEnv ? { bearerTokenEnv: tokenEnv } : {}),
        maxBodyBytes: f.int('maxBodyBytes', 1024, 256 * 1024 * 1024, INPUT_DEFAULTS.maxBodyBytes),
      };
      break;
    }
    case 'file': {
      const chunkBytes = f.int('chunkBytes', 4096, 16 * 1024 * 1024, INPUT_DEFAULTS.chunkBytes);
      const m = f.object('multiline');
      const multiline = m
        ? { start: regex(m, 'start', m.string('start') ?? m.fail('start', 'is required')), timeoutMs: m.int('timeoutMs', 0, 600_000, 1000) }
        : undefined;
      m?.done();
      input = {
        ...base,
        type: 'file',
        paths: f.strings('paths').map((p) => absolute(p, baseDir)),
        exclude: f.strings('exclude', []).map((p) => absolute(p, baseDir)),
        parser: f.oneOf('parser', PARSERS, 'plain'),
        ...(multiline ? { multiline } : {}),
        maxLineBytes: f.int('maxLineBytes', 256, 16 * 1024 * 1024, Math.min(INPUT_DEFAULTS.fileMaxLineBytes, chunkBytes)),
        startAt: f.oneOf('startAt', ['beginning', 'end'] as const, 'beginning'),
        level: fileLevel(f),
        pollIntervalMs: f.int('pollIntervalMs', 10, 60_000, INPUT_DEFAULTS.pollIntervalMs),
        rotateWaitMs: f.int('rotateWaitMs', 0, 3_600_000, INPUT_DEFAULTS.rotateWaitMs),
        chunkBytes,
        maxInFlightChunks: f.int('maxInFlightChunks', 1, 64, INPUT_DEFAULTS.maxInFlightChunks),
        fingerprintBytes: f.int('fingerprintBytes', 16, 65536, INPUT_DEFAULTS.fingerprintBytes),
      };
      if (input.maxLineBytes > input.chunkBytes) f.fail('maxLineBytes', 'must not exceed chunkBytes');
      break;
    }
  }
  f.done();
  return input;
}
