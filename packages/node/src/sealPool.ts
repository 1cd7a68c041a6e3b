import { Worker } from 'node:worker_threads';
import type { BodyFormat, PayloadType, PlainRecord, SealedPieces, Sealer, SealingKey } from '@logflux/core';
import { sealJoined } from './batchSeal.js';
import { joinBatch, piecesOf, type SealReply, type SealRequest } from './sealProtocol.js';

interface Job {
  entries: readonly PlainRecord[];
  key: SealingKey;
  payloadType: PayloadType;
  format: BodyFormat;
  resolve: (sealed: SealedPieces) => void;
  reject: (error: unknown) => void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** Starts a sealing thread from the script beside this module, in whichever form this module is. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source (tests, `pnpm demo`): the thread registers the TypeScript loader first.
    const tsx = import.meta.resolve('tsx/esm/api');
    const script = new URL('./sealWorker.ts', here).href;
    const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
    return new Worker(code, { eval: true, execArgv: ['--conditions=logflux-src'], stdout: false, stderr: false });
  }
  const script = new URL(here.endsWith('.cjs') ? './sealWorker.cjs' : './sealWorker.js', here);
  return new Worker(script, { stdout: false, stderr: false });
}

function request(job: Omit<Job, 'resolve' | 'reject'>, id: number): SealRequest {
  // A copy of the key in its own buffer, moved to the thread (a Buffer's memory may be a shared pool slab).
  const { key } = job;
  return {
    id,
    key: new Uint8Array(key.key),
    keyId: key.keyId,
    keyIdJson: key.keyIdJson,
    payloadType: job.payloadType,
    format: job.format,
    ...joinBatch(job.entries),
  };
}

/** Seals on the calling thread, with the same loop the threads run. */
export async function sealHere(
  entries: readonly PlainRecord[],
  key: SealingKey,
  payloadType: PayloadType,
  format: BodyFormat,
): Promise<SealedPieces> {
  return piecesOf(await sealJoined(joinBatch(entries), key.key, key.keyId, key.keyIdJson, payloadType, format));
}

export interface SealPoolOptions {
  /** Sealing threads to run (default 1). */
  threads?: number;
  /** Where the one diagnostic goes when threads are unavailable (default console.warn). */
  diagnostic?: (message: string) => void;
  /** Starts a thread (tests inject broken ones). */
  spawn?: () => Worker;
}

/**
 * Seals batches on worker threads (a core `Sealer`) so the application's event loop pays only for serialising
 * entries. Threads start on first use and are unref'd whenever idle, so they never keep a process
 * alive. If a thread cannot start or dies (a bundle that left its script out, say), its batches
 * and all later ones are sealed on the calling thread instead, after one diagnostic: slower,
 * never lost.
 */
export class SealPool implements Sealer {
  /** Sealing threads to run. */
  readonly size: number;
  private readonly threads: Thread[] = [];
  private readonly diagnostic: (message: string) => void;
  private readonly spawn: () => Worker;
  private broken = false;
  private nextId = 1;

  constructor(options: SealPoolOptions = {}) {
    this.size = Math.max(1, options.threads ?? 1);
    this.diagnostic = options.diagnostic ?? ((m) => console.warn(m));
    this.spawn = options.spawn ?? spawnWorker;
  }

  /** Threads currently running. */
  get running(): number {
    return this.threads.length;
  }

  /** Seals `entries` into pieces of `format`, in order. */
  seal(entries: readonly PlainRecord[], key: SealingKey, payloadType: PayloadType, format: BodyFormat): Promise<SealedPieces> {
    const thread = this.broken ? undefined : this.pick();
    if (!thread) return sealHere(entries, key, payloadType, format);
    return new Promise<SealedPieces>((resolve, reject) => {
      const id = this.nextId++;
      const job = { entries, key, payloadType, format, resolve, reject };
      thread.jobs.set(id, job);
      if (thread.jobs.size === 1) thread.worker.ref();
      const message = request(job, id);
      thread.worker.postMessage(message, [message.key.buffer as ArrayBuffer]);
    });
  }

  /** Stops the threads; batches they had not answered are sealed here. Later batches start new ones. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(
      threads.map((t) => {
        this.takeBack(t);
        return t.worker.terminate();
      }),
    );
  }

  /** The least busy thread, starting another while fewer than `size` run. */
  private pick(): Thread | undefined {
    let best: Thread | undefined;
    for (const t of this.threads) if (!best || t.jobs.size < best.jobs.size) best = t;
    if (best && (best.jobs.size === 0 || this.threads.length >= this.size)) return best;
    try {
      const thread: Thread = { worker: this.spawn(), jobs: new Map() };
      const { worker } = thread;
      worker.unref();
      worker.on('message', (reply: SealReply) => this.answer(thread, reply));
      worker.on('error', (error) => this.fail(thread, error));
      worker.on('exit', () => this.fail(thread, new Error('the sealing thread exited')));
      this.threads.push(thread);
      return thread;
    } catch (error) {
      this.fail(undefined, error);
      return undefined;
    }
  }

  private answer(thread: Thread, reply: SealReply): void {
    const job = thread.jobs.get(reply.id);
    if (!job) return;
    thread.jobs.delete(reply.id);
    if (thread.jobs.size === 0) thread.worker.unref();
    if ('sealed' in reply) job.resolve(piecesOf(reply.sealed));
    else job.reject(new Error(reply.error));
  }

  private fail(thread: Thread | undefined, error: unknown): void {
    if (thread) {
      const i = this.threads.indexOf(thread);
      if (i < 0) return; // closed on purpose
      this.threads.splice(i, 1);
      void thread.worker.terminate();
      this.takeBack(thread);
    }
    if (!this.broken) {
      this.broken = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.diagnostic(`[logflux] sealing on a worker thread is unavailable (${reason}); sealing on the main thread instead`);
    }
  }

  /** Seals on this thread whatever `thread` had not answered. */
  private takeBack(thread: Thread): void {
    const jobs = [...thread.jobs.values()];
    thread.jobs.clear();
    for (const job of jobs) sealHere(job.entries, job.key, job.payloadType, job.format).then(job.resolve, job.reject);
  }
}

let shared: SealPool | undefined;

/** The process-wide pool every Node client shares; its size is fixed by the first client that asks. */
export function sharedSealPool(threads = 1): SealPool {
  shared ??= new SealPool({ threads });
  return shared;
}
