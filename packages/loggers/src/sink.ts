import { type Attributes, LogFluxError, type Logger } from '@logflux/node';

/** What an integration needs of a client: logging, and (for shutdown) a flush. */
export type Sink = Logger & { flush?: () => Promise<unknown> };

/** One record of a logger library, already mapped. */
export interface MappedRecord {
  level: number;
  message: string;
  attributes: Attributes;
  error?: Error | undefined;
  logger?: string | undefined;
  ts?: Date | number | string | undefined;
}

/**
 * Hands a mapped record to the client: an error is captured (stack frames, level ≤ 4, the message
 * kept), anything else is written as a log entry with the time the library gave it. Never throws.
 */
export function deliver(client: Sink, record: MappedRecord): void {
  try {
    const attributes = record.logger ? { ...record.attributes, logger: record.logger } : record.attributes;
    if (record.error) {
      client.captureError(record.error, { attributes, level: Math.min(record.level, 4), message: record.message || record.error.message });
      return;
    }
    client.write({
      type: 'log',
      level: record.level,
      message: record.message,
      ...(record.logger ? { logger: record.logger } : {}),
      ...(record.ts !== undefined ? { ts: record.ts } : {}),
      attributes: record.attributes,
    });
  } catch {
    // a logger integration never breaks the application's logging
  }
}

export function requireClient(client: unknown, who: string): Sink {
  const c = client as Partial<Sink> | undefined;
  if (!c || typeof c.write !== 'function' || typeof c.captureError !== 'function') {
    throw new LogFluxError('invalid_option', `${who} needs \`client\`: a client from createLogFlux() or one of its child loggers`);
  }
  return c as Sink;
}
