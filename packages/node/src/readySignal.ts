/** A promise settled once, from outside: resolved, or rejected with a problem as a LogFluxError. */
import { type ErrorClass, LogFluxError } from '@logflux/core';
import type { WorkerProblem } from './workerClient.js';

export class ReadySignal {
  readonly promise: Promise<void>;
  settled = false;
  private settleWith: (problem?: WorkerProblem) => void = () => {};

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.settleWith = (problem) => (problem ? reject(new LogFluxError(problem.errorClass as ErrorClass, problem.message)) : resolve());
    });
    this.promise.catch(() => {}); // nobody may be waiting; a failure is reported elsewhere
  }

  /** Settles it, the first time only. */
  settle(problem?: WorkerProblem): void {
    if (this.settled) return;
    this.settled = true;
    this.settleWith(problem);
  }
}
