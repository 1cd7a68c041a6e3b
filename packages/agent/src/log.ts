import type { LogLevel } from './config/types.js';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

/**
 * The agent's own diagnostics: one line per event, `<time> <LEVEL> [<context>] <text>`, to stderr
 * by default. Callers pass only their own words, names, numbers, paths and addresses: never a
 * secret, an API key or the content of a log line (docs/agent.md, security model).
 */
export class AgentLog {
  /** Shared with every child, so that a reload's new level applies everywhere. */
  readonly #level: { rank: number };

  constructor(
    level: LogLevel = 'info',
    private readonly out: (line: string) => void = (line) => process.stderr.write(line),
    private readonly context = 'agent',
    shared?: { rank: number },
  ) {
    this.#level = shared ?? { rank: RANK[level] };
  }

  get level(): LogLevel {
    return (Object.keys(RANK) as LogLevel[])[this.#level.rank] as LogLevel;
  }

  setLevel(level: LogLevel): void {
    this.#level.rank = RANK[level];
  }

  /** A logger for a part of the agent (`input:syslog`, `destination:default`), sharing the level. */
  child(context: string): AgentLog {
    return new AgentLog(this.level, this.out, context, this.#level);
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.#level.rank;
  }

  #write(level: LogLevel, text: string): void {
    if (!this.enabled(level)) return;
    this.out(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${this.context}] ${text}\n`);
  }

  error(text: string): void {
    this.#write('error', text);
  }
  warn(text: string): void {
    this.#write('warn', text);
  }
  info(text: string): void {
    this.#write('info', text);
  }
  debug(text: string): void {
    this.#write('debug', text);
  }
  trace(text: string): void {
    this.#write('trace', text);
  }
}

/** The level from `--log-level`, else `LOG_LEVEL`, else the config's, else `info`; unknown names are refused. */
export function resolveLogLevel(flag: string | undefined, env: string | undefined, configured: LogLevel | undefined): LogLevel {
  for (const [where, value] of [
    ['--log-level', flag],
    ['LOG_LEVEL', env],
  ] as const) {
    if (value === undefined || value === '') continue;
    const v = value.toLowerCase();
    if (!(v in RANK)) throw new Error(`${where} must be one of ${Object.keys(RANK).join(', ')}`);
    return v as LogLevel;
  }
  return configured ?? 'info';
}
