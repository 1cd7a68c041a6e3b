import type { Attributes, AuditInput, EntryInput, LevelName, MetricInput, SpanInput } from './entries.js';

/** Options of `captureError`. */
export interface CaptureOptions {
  attributes?: Attributes;
  level?: number;
  message?: string;
  /** When it happened: a Date, epoch milliseconds or an RFC 3339 string (default: now). */
  ts?: Date | number | string;
}

/**
 * What every logger offers — the client itself and its child loggers: the eight syslog levels
 * over `log`, and the other entry types. Nothing here throws into the caller.
 */
export abstract class Logger {
  /** Logs a message at a syslog severity (name or 1-8). */
  abstract log(level: LevelName | number, message: string, attributes?: Attributes, logger?: string): void;
  abstract metric(input: MetricInput): void;
  abstract event(name: string, attributes?: Attributes): void;
  abstract audit(input: AuditInput): void;
  abstract span(input: SpanInput): void;
  /** Records an error with its stack frames and the recent breadcrumbs (as a log entry, level 4). */
  abstract captureError(error: unknown, options?: CaptureOptions): void;
  /** Logs a prepared entry of any type, keeping its own `ts` and `source` (docs/protocol.md §6). */
  abstract write(entry: EntryInput): void;

  /**
   * A logger that adds `attributes` to every entry it logs (its own win over its parent's; those
   * of a call win over both), sharing this one's pipeline: cheap enough to create per request.
   */
  child(attributes: Attributes): Logger {
    return new ChildLogger(this, attributes);
  }

  emergency(message: string, attributes?: Attributes): void {
    this.log(1, message, attributes);
  }
  alert(message: string, attributes?: Attributes): void {
    this.log(2, message, attributes);
  }
  critical(message: string, attributes?: Attributes): void {
    this.log(3, message, attributes);
  }
  error(message: string, attributes?: Attributes): void {
    this.log(4, message, attributes);
  }
  warning(message: string, attributes?: Attributes): void {
    this.log(5, message, attributes);
  }
  notice(message: string, attributes?: Attributes): void {
    this.log(6, message, attributes);
  }
  info(message: string, attributes?: Attributes): void {
    this.log(7, message, attributes);
  }
  debug(message: string, attributes?: Attributes): void {
    this.log(8, message, attributes);
  }
}

function merge(own: Attributes, call: Attributes | undefined): Attributes {
  return call ? { ...own, ...call } : own;
}

/** A child logger: its parent's methods with its attributes merged in. No timers, no state of its own. */
class ChildLogger extends Logger {
  readonly #parent: Logger;
  readonly #attributes: Attributes;

  constructor(parent: Logger, attributes: Attributes) {
    super();
    this.#parent = parent;
    this.#attributes = attributes ?? {};
  }

  log(level: LevelName | number, message: string, attributes?: Attributes, logger?: string): void {
    this.#parent.log(level, message, merge(this.#attributes, attributes), logger);
  }
  metric(input: MetricInput): void {
    this.#parent.metric({ ...input, attributes: merge(this.#attributes, input.attributes) });
  }
  event(name: string, attributes?: Attributes): void {
    this.#parent.event(name, merge(this.#attributes, attributes));
  }
  audit(input: AuditInput): void {
    this.#parent.audit({ ...input, attributes: merge(this.#attributes, input.attributes) });
  }
  span(input: SpanInput): void {
    this.#parent.span({ ...input, attributes: merge(this.#attributes, input.attributes) });
  }
  captureError(error: unknown, options: CaptureOptions = {}): void {
    this.#parent.captureError(error, { ...options, attributes: merge(this.#attributes, options.attributes) });
  }
  write(entry: EntryInput): void {
    this.#parent.write({ ...entry, attributes: merge(this.#attributes, entry.attributes) });
  }
  override child(attributes: Attributes): Logger {
    return new ChildLogger(this.#parent, merge(this.#attributes, attributes));
  }
}
