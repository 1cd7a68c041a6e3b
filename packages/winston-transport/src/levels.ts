/**
 * winston level names to syslog severities (docs/protocol.md §6.1), covering both of winston's
 * level sets. npm: error 4, warn 5, info 7, http 7, verbose 8, debug 8, silly 8. syslog: emerg 1,
 * alert 2, crit 3, error 4, warning 5, notice 6, info 7, debug 8. Unknown names log at info.
 */
const SEVERITY: Record<string, number> = {
  emerg: 1,
  alert: 2,
  crit: 3,
  error: 4,
  warning: 5,
  warn: 5,
  notice: 6,
  info: 7,
  http: 7,
  verbose: 8,
  debug: 8,
  silly: 8,
};

export function winstonLevelToSyslog(level: unknown): number {
  return typeof level === 'string' ? (SEVERITY[level] ?? 7) : 7;
}
