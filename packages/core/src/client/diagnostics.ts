/**
 * The client's own diagnostics: what it prints about itself, by level. Never secrets (API keys,
 * session or private keys) and never plaintext: counts, classes, ids, fingerprints and URLs only.
 */

/** Levels, least verbose first: each prints what the levels before it print, and more. */
export const DIAGNOSTIC_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type DiagnosticLevel = (typeof DIAGNOSTIC_LEVELS)[number];

export interface Diagnostics {
  readonly level: DiagnosticLevel;
  /** Whether messages of `level` are printed (to skip building those that are not). */
  enabled(level: DiagnosticLevel): boolean;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
}

/** The level for `logLevel` and `debug` options (`logLevel` wins; `debug: true` is `debug`; else `warn`). */
export function diagnosticLevel(logLevel: DiagnosticLevel | undefined, debug: boolean | undefined): DiagnosticLevel {
  return logLevel ?? (debug ? 'debug' : 'warn');
}

/** Diagnostics at `level`, written to `sink` with the prefix `logflux: `. */
export function createDiagnostics(level: DiagnosticLevel, sink: (message: string) => void): Diagnostics {
  const rank = DIAGNOSTIC_LEVELS.indexOf(level);
  const at = (l: DiagnosticLevel) => (message: string) => {
    if (DIAGNOSTIC_LEVELS.indexOf(l) > rank) return;
    try {
      sink(`logflux: ${message}`);
    } catch {
      // a diagnostics sink must not break the client
    }
  };
  return {
    level,
    enabled: (l) => DIAGNOSTIC_LEVELS.indexOf(l) <= rank,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
}
