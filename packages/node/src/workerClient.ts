/**
 * The client a logger integration runs inside a worker thread (the record worker, pino's
 * transport worker): built from options that were structured-cloned to the thread, it never
 * throws, and it reports each kind of problem once.
 */
import { type Lifecycle, LogFluxError } from '@logflux/core';
import { createLogFlux, type LogFluxNode } from './client.js';
import type { NodeClientOptions } from './nodeOptions.js';

/**
 * Client options that can travel to a worker thread: no functions (no `beforeSend`, no
 * `onError`). Unset options come from the `LOGFLUX_*` environment variables (the thread's
 * client resolves them like `createLogFlux`), so they may be empty.
 */
export type WorkerClientOptions = Omit<Partial<NodeClientOptions>, 'beforeSend' | 'onError'>;

/** A problem, as it may be shown to people: an error class and a message without secrets. */
export interface WorkerProblem {
  /** A `LogFluxError` class (`invalid_option`, `network`, …), or `closed` for a thread that stopped. */
  errorClass: string;
  /** For people; never holds keys, secrets or plaintext. */
  message: string;
}

/** A problem from anything thrown: LogFluxErrors keep their class; other errors say only their type. */
export function problemOf(error: unknown, fallbackClass = 'invalid_option'): WorkerProblem {
  if (error instanceof LogFluxError) return { errorClass: error.errorClass, message: error.message };
  if (error instanceof Error) return { errorClass: fallbackClass, message: `${error.name}: ${error.message}` };
  return { errorClass: fallbackClass, message: 'unknown failure' };
}

/** `report`, called at most once per error class. */
export function oncePerClass(report: (problem: WorkerProblem) => void): (problem: WorkerProblem) => void {
  const seen = new Set<string>();
  return (problem) => {
    if (seen.has(problem.errorClass)) return;
    seen.add(problem.errorClass);
    report(problem);
  };
}

/**
 * Starts the client of a worker thread, or says why it cannot run (options set to `undefined`, as
 * cloned options keep them, do not hide the environment's). The client has no exit hooks
 * of its own (a worker's host decides when it ends: `leave()` seals what is left into the spool,
 * synchronously) and seals on the worker's own thread.
 */
export function startWorkerClient(
  options: WorkerClientOptions | undefined,
  report: (problem: WorkerProblem) => void,
): { client: LogFluxNode; leave: () => void } | { problem: WorkerProblem } {
  try {
    if (options !== undefined && (typeof options !== 'object' || options === null))
      throw new LogFluxError('invalid_option', 'the client options must be an object');
    let leaving: (() => void) | undefined;
    const lifecycle: Lifecycle = {
      subscribe(listener) {
        leaving = () => listener('leaving');
        return () => {
          leaving = undefined;
        };
      },
    };
    // strict: a configuration the client cannot start with is this thread's problem to report.
    const client = createLogFlux(
      { ...options, strict: true, flushOnExit: false, handleSignals: false, onError: (e) => report(problemOf(e)) } as NodeClientOptions,
      { lifecycle },
    );
    return { client, leave: () => leaving?.() };
  } catch (error) {
    return { problem: problemOf(error) };
  }
}
