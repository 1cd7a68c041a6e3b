/**
 * Prints `defaultSealThreads()` as seen on the main thread and inside a worker thread, for the
 * sealThreads default test (run as a child process, since vitest's own thread is not "main").
 */
import { Worker } from 'node:worker_threads';
import { defaultSealThreads } from '@logflux/node';

// The worker needs the TypeScript loader registered for itself, as SealPool does from source.
const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
const inWorker = `import(${tsx})
  .then((api) => { api.register(); return import('@logflux/node'); })
  .then(async (m) => (await import('node:worker_threads')).parentPort.postMessage(m.defaultSealThreads()));`;
const worker = new Worker(inWorker, { eval: true });
worker.once('message', (n: number) => {
  console.log(defaultSealThreads(), n);
  void worker.terminate();
});
