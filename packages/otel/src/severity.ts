/**
 * OpenTelemetry severity numbers (1-24, in six ranges of four) to syslog severities
 * (docs/protocol.md §6.1): TRACE 1-4 and DEBUG 5-8 → 8 debug, INFO 9-12 → 7, WARN 13-16 → 5
 * warning, ERROR 17-20 → 4, FATAL 21-24 → 2 alert. Without a number, the severity text decides
 * (`warn`, `error`, …), else info.
 */
export function otelSeverityToSyslog(severityNumber: number | undefined, severityText?: string | undefined): number {
  if (typeof severityNumber === 'number' && severityNumber >= 1 && severityNumber <= 24) {
    if (severityNumber >= 21) return 2;
    if (severityNumber >= 17) return 4;
    if (severityNumber >= 13) return 5;
    if (severityNumber >= 9) return 7;
    return 8;
  }
  const text = severityText?.toLowerCase() ?? '';
  if (/^(fatal|crit|emerg|alert)/.test(text)) return 2;
  if (text.startsWith('err')) return 4;
  if (text.startsWith('warn')) return 5;
  if (text === 'trace' || text === 'debug') return 8;
  return 7;
}
