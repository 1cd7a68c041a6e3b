/**
 * `@logflux/loggers/log4js`: a log4js appender.
 *
 *     log4js.configure({
 *       appenders: { logflux: { type: logfluxAppender({ client }) } },
 *       categories: { default: { appenders: ['logflux'], level: 'info' } },
 *     });
 *
 * log4js deep-copies its configuration, so a client cannot travel inside it: `logfluxAppender`
 * holds it. By module name — `{ type: '@logflux/loggers/log4js', logflux: { ...client options } }`,
 * where log4js can resolve the package — the appender creates its own client from `logflux`.
 */
import { createLogFlux, LogFluxError, type NodeClientOptions } from '@logflux/node';
import { splitArguments, toAttributes } from './attributes.js';
import { deliver, requireClient, type Sink } from './sink.js';

/**
 * log4js level names to syslog severities: ALL/TRACE/DEBUG → 8, INFO → 7, MARK → 6 notice,
 * WARN → 5, ERROR → 4, FATAL → 2 alert; others by their numeric value.
 */
const SEVERITY: Record<string, number> = { ALL: 8, TRACE: 8, DEBUG: 8, INFO: 7, MARK: 6, WARN: 5, ERROR: 4, FATAL: 2 };
export function log4jsLevelToSyslog(level: { levelStr?: unknown; level?: unknown } | undefined): number {
  const byName = typeof level?.levelStr === 'string' ? SEVERITY[level.levelStr] : undefined;
  if (byName !== undefined) return byName;
  const n = typeof level?.level === 'number' ? level.level : 20000;
  return n >= 50000 ? 2 : n >= 40000 ? 4 : n >= 30000 ? 5 : n >= 20000 ? 7 : 8;
}

/** The parts of a log4js `LoggingEvent` the appender reads. */
export interface Log4jsEvent {
  startTime: Date;
  categoryName: string;
  data: unknown[];
  level: { levelStr: string; level: number };
  context?: Record<string, unknown>;
}

/** The appender's configuration in `log4js.configure({ appenders })`, when it is named by module. */
export interface LogFluxAppenderConfig {
  type: unknown;
  /** Options of the client the appender creates (see `@logflux/node`); it is closed at `log4js.shutdown()`. */
  logflux?: NodeClientOptions;
}

/** One logging event as an entry: `logger.addContext()` values and plain objects are attributes, an Error is captured. */
export function writeLog4jsEvent(client: Sink, event: Log4jsEvent): void {
  const { message, error, fields } = splitArguments(event.data ?? []);
  deliver(client, {
    level: log4jsLevelToSyslog(event.level),
    message,
    attributes: { ...toAttributes(event.context), ...toAttributes(fields) },
    error,
    logger: event.categoryName,
    ts: event.startTime,
  });
}

type Appender = ((event: Log4jsEvent) => void) & { shutdown(done: (error?: Error) => void): void };

/** An appender over `client`; `log4js.shutdown(cb)` calls back once what it logged is delivered (or definitively failed). */
function appenderFor(client: Sink, owned: boolean): Appender {
  const appender = ((event: Log4jsEvent) => writeLog4jsEvent(client, event)) as Appender;
  appender.shutdown = (done) => {
    const closing = owned ? (client as Sink & { close(): Promise<unknown> }).close() : client.flush ? client.flush() : Promise.resolve();
    closing.then(
      () => done(),
      () => done(),
    );
  };
  return appender;
}

/** log4js's entry point for an appender named by module: a client from the `logflux` options. */
export function configure(config: LogFluxAppenderConfig): Appender {
  if (!config?.logflux)
    throw new LogFluxError('invalid_option', 'the LogFlux log4js appender needs `logflux` (client options) when named by module');
  return appenderFor(createLogFlux(config.logflux), true);
}

/**
 * The appender module for `type:` in the log4js configuration, over an existing client (which
 * `log4js.shutdown()` flushes but does not close).
 */
export function logfluxAppender(options: { client: Sink }): { configure(): Appender } {
  const client = requireClient(options?.client, 'logfluxAppender');
  return { configure: () => appenderFor(client, false) };
}

export type { Sink } from './sink.js';
