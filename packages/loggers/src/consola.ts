/**
 * `@logflux/loggers/consola`: a consola 3 reporter.
 *
 *     const logger = createConsola({ reporters: [logfluxReporter({ client })] });
 *     consola.addReporter(logfluxReporter({ client }));   // or beside the console reporter
 */
import { splitArguments, toAttributes } from './attributes.js';
import { deliver, requireClient, type Sink } from './sink.js';

/**
 * consola log types to syslog severities: fatal → 2 alert, error and fail → 4, warn → 5,
 * success/ready/start → 6 notice, info/log/box → 7, debug/trace/verbose → 8; an unknown type by
 * its numeric level (0 → 4, 1 → 5, 2-3 → 7, higher → 8).
 */
const SEVERITY: Record<string, number> = {
  fatal: 2,
  error: 4,
  fail: 4,
  warn: 5,
  success: 6,
  ready: 6,
  start: 6,
  info: 7,
  log: 7,
  box: 7,
  debug: 8,
  trace: 8,
  verbose: 8,
};
export function consolaLevelToSyslog(type: unknown, level: unknown): number {
  const byType = typeof type === 'string' ? SEVERITY[type] : undefined;
  if (byType !== undefined) return byType;
  const n = typeof level === 'number' ? level : 3;
  return n <= 0 ? 4 : n === 1 ? 5 : n <= 3 ? 7 : 8;
}

/** The parts of consola's `LogObject` the reporter reads. */
export interface ConsolaLogObject {
  level: number;
  type: string;
  tag: string;
  args: unknown[];
  date: Date;
  [key: string]: unknown;
}

export interface ConsolaReporterOptions {
  /** A client from `createLogFlux` (or a child logger). */
  client: Sink;
}

/** Fields of the log object that are not attributes. */
const RESERVED = new Set(['level', 'type', 'tag', 'args', 'date', 'message', 'additional']);

/** One consola log object as an entry: the tag is the `logger`, plain objects in the arguments and extra fields are attributes. */
export function writeConsolaLog(client: Sink, log: ConsolaLogObject): void {
  const { message, error, fields } = splitArguments(log.args ?? []);
  deliver(client, {
    level: consolaLevelToSyslog(log.type, log.level),
    message,
    attributes: { ...toAttributes(log, RESERVED), ...toAttributes(fields) },
    error,
    logger: log.tag || undefined,
    ts: log.date,
  });
}

/** A consola reporter that sends every log object consola passes it (consola applies its level first). */
export function logfluxReporter(options: ConsolaReporterOptions): { log(log: ConsolaLogObject): void } {
  const client = requireClient(options?.client, 'logfluxReporter');
  return { log: (log) => writeConsolaLog(client, log) };
}

export type { Sink } from './sink.js';
