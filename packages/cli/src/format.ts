/** Human-readable one-line rendering of a decrypted entry (docs/protocol.md §6). */
const LEVELS = ['', 'EMERG', 'ALERT', 'CRIT', 'ERROR', 'WARN', 'NOTICE', 'INFO', 'DEBUG'];
export const LEVEL_NAMES: Record<string, number> = {
  emergency: 1,
  emerg: 1,
  alert: 2,
  critical: 3,
  crit: 3,
  error: 4,
  err: 4,
  warning: 5,
  warn: 5,
  notice: 6,
  info: 7,
  informational: 7,
  debug: 8,
};
export const TYPE_NAMES: Record<string, number> = { log: 1, metric: 2, trace: 3, event: 4, audit: 5, telemetry: 6 };

const str = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function summary(e: Record<string, unknown>): string {
  switch (e.type) {
    case 'metric':
      return `${str(e.name)}=${str(e.value)}${e.unit ? ` ${str(e.unit)}` : ''}${e.kind ? ` (${str(e.kind)})` : ''}`;
    case 'trace':
      return `${str(e.name)} ${str(e.operation)} ${str(e.duration_ms)}ms ${str(e.status)} trace=${str(e.trace_id)} span=${str(e.span_id)}`;
    case 'event':
      return str(e.event);
    case 'audit':
      return `${str(e.actor)} ${str(e.action)} ${str(e.resource)}/${str(e.resource_id)} ${str(e.outcome)}`;
    default: {
      const stack =
        Array.isArray(e.stack_trace) && e.stack_trace.length > 0
          ? ` [${str(e.error_type)} at ${str((e.stack_trace[0] as Record<string, unknown>).function)}]`
          : '';
      return `${str(e.message)}${stack}`;
    }
  }
}

export function formatEntry(e: Record<string, unknown>, fallbackTime: string): string {
  const level = typeof e.level === 'number' ? (LEVELS[e.level] ?? String(e.level)) : '-';
  const attrs =
    e.attributes && typeof e.attributes === 'object'
      ? Object.entries(e.attributes as Record<string, unknown>)
          .map(([k, v]) => ` ${k}=${str(v)}`)
          .join('')
      : '';
  return `${str(e.ts) || fallbackTime} ${level.padEnd(6)} ${str(e.type || 'log').padEnd(6)} ${str(e.source)}  ${summary(e)}${attrs}`;
}
