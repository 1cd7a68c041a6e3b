import { Worker } from 'node:worker_threads';
import type { PayloadType, QueuedEntry, Session } from '@logflux/core';
import { sealBatch } from './batchSeal.js';
import { joinBatch, type SealReply, type SealRequest } from './sealProtocol.js';

interface Job {
  entries: QueuedEntry[];
  session: Session;
  payloadType: PayloadType;
  resolve: (envelopes: string[]) => void;
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

function request(id: number, entries: QueuedEntry[], session: Session, payloadType: PayloadType): SealRequest {
  // A copy of the key in its own buffer, moved to the thread (a Buffer's memory may be a shared pool slab).
  return { id, key: new Uint8Array(session.key), keyIdJson: session.keyIdJson, payloadType, ...joinBatch(entries) };
}

/** Seals on the calling thread, with the same loop the threads run. */
export function sealHere(entries: QueuedEntry[], session: Session, payloadType: PayloadType): Promise<string[]> {
  return Promise.resolve().then(() => sealBatch(joinBatch(entries), session.key, session.keyIdJson, payloadType));
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
 * Seals batches on worker threads so the application's event loop pays only for serialising
 * entries. Threads start on first use and are unref'd whenever idle, so they never keep a process
 * alive. If a thread cannot start or dies (a bundle that left its script out, say), its batches
 * and all later ones are sealed on the calling thread instead, after one diagnostic: slower,
 * never lost.
 */
export class SealPool {
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

  /** Seals `entries` into envelope JSON texts, in order. */
  seal(entries: QueuedEntry[], session: Session, payloadType: PayloadType): Promise<string[]> {
    const thread = this.broken ? undefined : this.pick();
    if (!thread) return sealHere(entries, session, payloadType);
    return new Promise<string[]>((resolve, reject) => {
      const id = this.nextId++;
      thread.jobs.set(id, { entries, session, payloadType, resolve, reject });
      if (thread.jobs.size === 1) thread.worker.ref();
      const message = request(id, entries, session, payloadType);
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
    if ('envelopes' in reply) job.resolve(reply.envelopes.split('\n'));
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
    for (const job of jobs) sealHere(job.entries, job.session, job.payloadType).then(job.resolve, job.reject);
  }
}

let shared: SealPool | undefined;

/** The process-wide pool every Node client shares; its size is fixed by the first client that asks. */
export function sharedSealPool(threads = 1): SealPool {
  shared ??= new SealPool({ threads });
  return shared;
}
