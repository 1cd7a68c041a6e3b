import { createDiagnostics, DIAGNOSTIC_LEVELS, type DiagnosticLevel, type Diagnostics } from '@logflux/core';
import { UsageError } from './io.js';

/**
 * The CLI's own diagnostics (to stderr, each line `logflux: …`): `--log-level LEVEL` (any command),
 * else `LOGFLUX_LOG_LEVEL`, else `LOGFLUX_DEBUG=1` (debug), else `LOG_LEVEL` when it names a level,
 * else `warn`. Never secrets or plaintext: URLs, counts, statuses, key ids and fingerprints only.
 */
export function cliDiagnostics(
  args: readonly string[],
  env: Record<string, string | undefined>,
  sink: (line: string) => void,
): { args: string[]; log: Diagnostics } {
  const rest: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--log-level') flag = args[++i] ?? '';
    else if (a.startsWith('--log-level=')) flag = a.slice('--log-level='.length);
    else rest.push(a);
  }
  const level = flag !== undefined ? named(flag, '--log-level') : levelOf(env);
  return { args: rest, log: createDiagnostics(level, (m) => sink(`${m}\n`)) };
}

function named(text: string, name: string): DiagnosticLevel {
  const v = text.trim().toLowerCase();
  const level = DIAGNOSTIC_LEVELS.find((l) => l === v);
  if (!level) throw new UsageError(`${name} must be one of ${DIAGNOSTIC_LEVELS.join(', ')}`);
  return level;
}

function levelOf(env: Record<string, string | undefined>): DiagnosticLevel {
  if (env.LOGFLUX_LOG_LEVEL) return named(env.LOGFLUX_LOG_LEVEL, 'LOGFLUX_LOG_LEVEL');
  if (env.LOGFLUX_DEBUG && !['0', 'false', 'no', 'off'].includes(env.LOGFLUX_DEBUG.toLowerCase())) return 'debug';
  // LOG_LEVEL is often set for the application: only a value naming one of our levels counts.
  const app = env.LOG_LEVEL?.trim().toLowerCase();
  return DIAGNOSTIC_LEVELS.find((l) => l === app) ?? (app === 'warning' ? 'warn' : 'warn');
}
