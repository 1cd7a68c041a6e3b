/**
 * `@logflux/otel`: an OpenTelemetry Logs exporter. Applications that log through the
 * OpenTelemetry Logs API (`@opentelemetry/api-logs` with `@opentelemetry/sdk-logs`) send every
 * record sealed client-side to LogFlux, through a client of `@logflux/node`.
 */
import { type FlushResult, LogFluxError, type Logger } from '@logflux/node';
import { mapLogRecord, type OtelLogRecordLike } from './logRecord.js';

export { type MappedLogRecord, mapLogRecord, type OtelLogRecordLike } from './logRecord.js';
export { otelSeverityToSyslog } from './severity.js';

/** `ExportResultCode` of `@opentelemetry/core`: 0 success, 1 failed. */
export interface OtelExportResult {
  code: 0 | 1;
  error?: Error;
}

export interface LogFluxLogExporterOptions {
  /** A client from `createLogFlux`/`initFromEnv` (or one of its child loggers with `flush`). */
  client: Logger & { flush(options?: { timeoutMs?: number }): Promise<FlushResult> };
  /** How long an export waits for delivery before it reports failure, in ms (default 10000). */
  exportTimeoutMs?: number;
  /** Copy the resource's attributes (`service.name`, …) onto every entry (default false). */
  resource?: boolean;
}

/**
 * A `LogRecordExporter`, for a `BatchLogRecordProcessor` (`new BatchLogRecordProcessor({ exporter })`
 * with sdk-logs ≥ 0.200; the processor's `forceFlush()` then waits for delivery). A
 * `SimpleLogRecordProcessor` works too, but waits for one delivery per record. Each export hands the records to the client and reports success once
 * the client has delivered everything logged so far (acknowledged or spooled); failure when
 * entries were dropped or are still pending after `exportTimeoutMs`. `shutdown()` and
 * `forceFlush()` flush the client; closing it stays with its owner.
 */
export class LogFluxLogExporter {
  readonly #client: LogFluxLogExporterOptions['client'];
  readonly #timeoutMs: number;
  readonly #resource: boolean;

  constructor(options: LogFluxLogExporterOptions) {
    const client = options?.client as Partial<LogFluxLogExporterOptions['client']> | undefined;
    if (!client || typeof client.write !== 'function' || typeof client.flush !== 'function') {
      throw new LogFluxError('invalid_option', 'LogFluxLogExporter needs `client`: a client from createLogFlux()');
    }
    this.#client = options.client;
    this.#timeoutMs = options.exportTimeoutMs ?? 10_000;
    this.#resource = options.resource === true;
  }

  export(logs: readonly OtelLogRecordLike[], resultCallback: (result: OtelExportResult) => void): void {
    for (const record of logs) {
      try {
        const mapped = mapLogRecord(record, this.#resource);
        if (mapped.kind === 'error')
          this.#client.captureError(mapped.error, { attributes: mapped.attributes, level: mapped.level, message: mapped.message });
        else this.#client.write(mapped.entry);
      } catch {
        // a record the exporter cannot read is skipped; the others go on
      }
    }
    this.#client.flush({ timeoutMs: this.#timeoutMs }).then(
      (result) => {
        const dropped = Object.values(result.dropped).reduce((n, k) => n + (k ?? 0), 0);
        resultCallback(
          dropped === 0 && result.pending === 0
            ? { code: 0 }
            : { code: 1, error: new Error(`LogFlux: ${dropped} entries dropped, ${result.pending} pending after ${this.#timeoutMs} ms`) },
        );
      },
      (error: Error) => resultCallback({ code: 1, error }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.#client.flush({ timeoutMs: this.#timeoutMs });
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
