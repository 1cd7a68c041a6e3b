/**
 * pino's numeric levels to syslog severities (docs/protocol.md §6.1): trace and debug → 8 debug,
 * info → 7, warn → 5 warning, error → 4, fatal → 2 alert (the process is about to stop).
 * Custom levels in between map to the nearest standard level at or below them.
 */
export function pinoLevelToSyslog(level: unknown): number {
  const n = typeof level === 'number' ? level : 30;
  if (n >= 60) return 2;
  if (n >= 50) return 4;
  if (n >= 40) return 5;
  if (n >= 30) return 7;
  return 8;
}
