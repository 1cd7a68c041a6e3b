/**
 * Where the record worker's script is, in every form this package runs in: from source in this
 * repository (TypeScript, loaded through tsx), as ESM or CJS from `dist/`, or at a path the
 * application gives (a bundle that ships the script as its own file).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerProblem } from './workerClient.js';

/** Starts the record worker thread; may throw (bad options for the thread) or fail later with 'error'. */
export function spawnRecordWorker(script: string | URL | undefined, options: WorkerOptions): Worker {
  const common: WorkerOptions = { ...options, stdout: false, stderr: false };
  if (script !== undefined) return new Worker(script, common);
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From source (tests, `pnpm demo`): the thread registers the TypeScript loader first.
    const tsx = import.meta.resolve('tsx/esm/api');
    const source = new URL('./recordWorker.ts', here).href;
    const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
    return new Worker(code, { ...common, eval: true, execArgv: ['--conditions=logflux-src'] });
  }
  return new Worker(new URL(here.endsWith('.cjs') ? './recordWorker.cjs' : './recordWorker.js', here), common);
}

/** Why `spawnRecordWorker` threw: most often options that cannot be cloned to a thread. */
export function whyNotStarted(error: unknown): WorkerProblem {
  if (error instanceof Error && error.name === 'DataCloneError')
    return {
      errorClass: 'invalid_option',
      message: 'the client options cannot be sent to the worker thread (functions such as onError or beforeSend are not supported)',
    };
  return { errorClass: 'invalid_option', message: `the worker thread could not start (${firstLine(error)})` };
}

/** Why the thread stopped ('error': a missing script, a crash); module errors append a require stack, left out. */
export function whyStopped(error: Error): WorkerProblem {
  return { errorClass: 'closed', message: `the worker thread stopped (${error.name}: ${firstLine(error)})` };
}

const firstLine = (error: unknown) => (error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unknown failure');
