/**
 * The application-thread side of the pino transport: `pino(pinoTransport(options))` starts the
 * LogFlux worker through `pino.transport()`, keeps a failing worker from crashing the application,
 * and with `handleSignals` delivers on SIGTERM/SIGINT before the signal ends the process.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { attachProcessHooks, optionsFromEnv } from '@logflux/node';
import type { PinoTransportOptions } from './options.js';

/** What `pino.transport()` returns (thread-stream's stream), as far as this module needs it. */
export interface PinoTransportStream extends EventEmitter {
  /** Takes one serialised pino line (pino calls it). */
  write(data: string): boolean;
  /** Ends the stream; pino's worker delivers before it closes ('close'). */
  end(): void;
  /** Whether the stream has closed. */
  readonly closed: boolean;
}

/** Options of {@link pinoTransport}: the transport's own, plus two for the application's thread. */
export type PinoTransportHostOptions = PinoTransportOptions & {
  /**
   * The worker entry pino loads: this package's module file by default. Bundled applications
   * pass the path of their bundled copy (see the README, "Bundled applications").
   */
  target?: string;
  /** Where problems of the worker are reported (default: standard error). */
  diagnostic?: (message: string) => void;
};

const stderr = (message: string) => {
  process.stderr.write(`logflux: ${message}\n`);
};

/** LOGFLUX_HANDLE_SIGNALS as the one resolver reads it (an invalid value: the worker's client reports it). */
function handleSignalsFromEnv(): boolean | undefined {
  try {
    return optionsFromEnv(process.env).handleSignals;
  } catch {
    return undefined;
  }
}

/** An error's message without what follows its first line (module resolution appends a require stack). */
const firstLine = (error: unknown) => (error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unknown failure');

/** This package's entry module, in whichever form this module is (source, ESM or CJS dist). */
function ownEntry(): string {
  const here = import.meta.url;
  return fileURLToPath(here.endsWith('.ts') ? new URL('./index.ts', here) : here);
}

/**
 * Reports an 'error' of the worker's stream (a missing target, a crash) once instead of letting it
 * crash the application, and with `handleSignals` (default true) ends the stream on SIGTERM/SIGINT
 * — which blocks until the worker has delivered and closed — then re-raises the signal when no
 * other listener is left to handle it.
 */
export function guardTransport(
  stream: PinoTransportStream,
  options: { handleSignals?: boolean; diagnostic?: (message: string) => void } = {},
): PinoTransportStream {
  const diagnostic = options.diagnostic ?? stderr;
  let reported = false;
  stream.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    diagnostic(`the pino transport's worker failed (${firstLine(error)}); entries logged through it are dropped`);
  });
  if (options.handleSignals ?? true) {
    // Ending thread-stream blocks until the worker has delivered and closed.
    const detach = attachProcessHooks({
      deliverOnSignal: () =>
        new Promise<void>((resolve) => {
          if (stream.closed) return resolve();
          stream.once('close', () => resolve());
          stream.end();
        }),
    });
    stream.once('close', detach);
  }
  return stream;
}

/**
 * `pino.transport({ target: '@logflux/pino-transport', options })`, guarded (see
 * {@link guardTransport}): `pino(pinoTransport({ publicKeyFile: './logflux.pub.pem' }))`.
 */
export function pinoTransport(options: PinoTransportHostOptions = {}): PinoTransportStream {
  const { target, diagnostic, ...workerOptions } = options;
  let stream: PinoTransportStream;
  try {
    // pino is this package's peer; loaded here only, so that the worker entry never loads it.
    const pino = createRequire(import.meta.url)('pino') as {
      transport(options: { target: string; options: unknown }): PinoTransportStream;
    };
    stream = pino.transport({ target: target ?? ownEntry(), options: workerOptions });
  } catch (error) {
    // No pino to load, or a target pino cannot resolve: log into nothing, and say why once.
    (diagnostic ?? stderr)(`the pino transport could not start (${firstLine(error)}); entries logged through it are dropped`);
    return new Writable({ write: (_chunk, _encoding, callback) => callback() });
  }
  return guardTransport(stream, {
    handleSignals: workerOptions.handleSignals ?? handleSignalsFromEnv() ?? true,
    ...(diagnostic ? { diagnostic } : {}),
  });
}
