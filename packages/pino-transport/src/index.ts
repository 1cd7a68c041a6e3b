/**
 * `@logflux/pino-transport`: pino → LogFlux. As a pino transport (`pino(pinoTransport(options))`,
 * or `pino.transport({ target: '@logflux/pino-transport', options })`) it runs in pino's worker
 * thread, so sealing and network work never touch the application's thread; as
 * `logfluxDestination(options)` it is an in-process destination stream.
 */
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogFlux, type LogFluxNode, logRecord, oncePerClass, startWorkerClient } from '@logflux/node';
import build from 'pino-abstract-transport';
import { pinoRecord } from './mapRecord.js';
import { clientOptions, type PinoTransportOptions } from './options.js';

export { isLogFluxError, LogFluxError } from '@logflux/node';
export { pinoLevelToSyslog } from './levels.js';
export { logRecord, pinoRecord } from './mapRecord.js';
export type { PinoTransportOptions } from './options.js';
export { guardTransport, type PinoTransportHostOptions, type PinoTransportStream, pinoTransport } from './transport.js';

// Written straight to the process's stderr: a worker's own process.stderr is relayed by the
// application's thread, which may be blocked (pino waits at exit) or gone before it relays.
const report = (message: string) => {
  try {
    writeSync(2, `logflux: ${message}\n`);
  } catch {
    // no stderr to write to
  }
};

/**
 * The transport entry point pino's worker calls. It never fails: with options its client cannot
 * start with, it says why once on standard error and takes (and drops) what pino sends.
 */
export default async function logfluxTransport(options: PinoTransportOptions = {}) {
  const { messageKey = 'msg', ...rest } = options ?? {};
  const started = startWorkerClient(
    rest,
    oncePerClass((p) => report(`${p.errorClass}: ${p.message}`)),
  );
  if ('problem' in started) {
    report(`${started.problem.errorClass}: ${started.problem.message}; entries logged through this transport are dropped`);
    return build(async (source: AsyncIterable<unknown>) => {
      for await (const _ of source) {
        // nothing can deliver it
      }
    });
  }
  const { client } = started;
  return build(
    async (source: AsyncIterable<Record<string, unknown>>) => {
      for await (const line of source) logRecord(client, pinoRecord(line, messageKey));
    },
    {
      // pino ends the stream on end() and at process exit; deliver before closing.
      async close() {
        await client.close();
      },
    },
  );
}

/**
 * An in-process destination: `pino(logfluxDestination(options))`. `logger.flush(cb)` resolves when
 * everything logged so far is delivered (or definitively failed); `end()` closes the client.
 */
export function logfluxDestination(
  options: PinoTransportOptions & Pick<Partial<import('@logflux/node').NodeClientOptions>, 'onError'> = {},
): Writable & {
  client: LogFluxNode;
  flush(cb?: (err?: Error) => void): void;
} {
  const client = createLogFlux({ ...clientOptions(options), ...(options?.onError ? { onError: options.onError } : {}) });
  const messageKey = options?.messageKey ?? 'msg';
  let buffered = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      buffered += chunk.toString();
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          if (line.trim() !== '') logRecord(client, pinoRecord(JSON.parse(line) as Record<string, unknown>, messageKey));
        } catch {
          // a line that is not JSON is not pino's; ignore it rather than break the application
        }
        nl = buffered.indexOf('\n');
      }
      callback();
    },
    final(callback) {
      client.close().then(() => callback(), callback);
    },
  }) as Writable & { client: LogFluxNode; flush(cb?: (err?: Error) => void): void };
  stream.client = client;
  stream.flush = (cb) => {
    client.flush().then(
      () => cb?.(),
      (e: Error) => cb?.(e),
    );
  };
  return stream;
}
