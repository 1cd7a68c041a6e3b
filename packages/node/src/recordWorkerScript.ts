/**
 * Where the record worker's script is, in every form this package runs in: from source in this
 * repository (TypeScript, loaded through tsx), as ESM or CJS from `dist/`, or at a path the
 * application gives (a bundle that ships the script as its own file).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

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
