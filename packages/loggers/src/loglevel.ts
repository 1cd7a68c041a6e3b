/**
 * `@logflux/loggers/loglevel`: a loglevel plugin.
 *
 *     import log from 'loglevel';
 *     logfluxPlugin(log, { client });
 */
import { splitArguments, toAttributes } from './attributes.js';
import { deliver, requireClient, type Sink } from './sink.js';

/** loglevel method names to syslog severities: trace/debug → 8, info/log → 7, warn → 5, error → 4. */
const SEVERITY: Record<string, number> = { trace: 8, debug: 8, log: 7, info: 7, warn: 5, error: 4 };
export function loglevelMethodToSyslog(method: unknown): number {
  return typeof method === 'string' ? (SEVERITY[method] ?? 7) : 7;
}

type LogMethod = (...args: unknown[]) => void;

/** The parts of a loglevel logger the plugin uses (`loglevel` ≥ 1.8). */
export interface LoglevelLogger {
  methodFactory(
    methodName: 'trace' | 'debug' | 'info' | 'warn' | 'error',
    level: number,
    loggerName: string | symbol | undefined,
  ): LogMethod;
  getLevel(): number;
  setLevel(level: never, persist?: boolean): void;
  rebuild?(): void;
}

export interface LoglevelPluginOptions {
  /** A client from `createLogFlux` (or a child logger). */
  client: Sink;
  /** Keep writing to the console as well (default true). */
  console?: boolean;
}

/**
 * Installs the plugin on a loglevel logger (the default one or `log.getLogger(name)`): every call
 * at an enabled level is also sent to LogFlux — the logger's name as `logger`, plain objects as
 * attributes, an Error captured. loglevel's own level still decides what is logged. Returns a
 * function that removes the plugin.
 */
export function logfluxPlugin(log: LoglevelLogger, options: LoglevelPluginOptions): () => void {
  const client = requireClient(options?.client, 'logfluxPlugin');
  const toConsole = options.console !== false;
  const original = log.methodFactory;
  const rebuild = () => (log.rebuild ? log.rebuild() : log.setLevel(log.getLevel() as never, false));
  log.methodFactory = (methodName, level, loggerName) => {
    const raw = original(methodName, level, loggerName);
    const severity = loglevelMethodToSyslog(methodName);
    const logger = loggerName === undefined ? undefined : String(loggerName.toString());
    return (...args: unknown[]) => {
      const { message, error, fields } = splitArguments(args);
      deliver(client, { level: severity, message, attributes: toAttributes(fields), error, logger });
      if (toConsole) raw(...args);
    };
  };
  rebuild();
  return () => {
    log.methodFactory = original;
    rebuild();
  };
}

export type { Sink } from './sink.js';
