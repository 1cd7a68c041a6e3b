/**
 * HTTP requests from a thread whose event loop is gone (a process `exit` handler): a small
 * worker thread does the request with `fetch` while the calling thread waits in `Atomics.wait`,
 * bounded, for its answer — as pino's thread-stream waits for its worker at exit. The thread
 * starts with the first client, idles unref'd (it never keeps the process alive), and is the
 * Node runtime's `sendOnExit`: whatever it cannot send in time goes to the spool.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { HttpRequest, HttpResponse } from '@logflux/core';

/** The thread's code: plain JavaScript with Node's own modules only, so no script file to ship or bundle. */
const THREAD = `
const { workerData } = require('node:worker_threads');
const { port, state } = workerData;
port.on('message', async (m) => {
  let reply;
  try {
    const res = await fetch(m.url, { method: m.method, headers: m.headers, body: m.body, redirect: 'manual', signal: AbortSignal.timeout(m.timeoutMs) });
    reply = { id: m.id, status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  } catch (error) {
    reply = { id: m.id, error: String((error && error.name) || 'Error') };
  }
  port.postMessage(reply);
  Atomics.store(state, 0, m.id);
  Atomics.notify(state, 0);
});
`;

interface Reply {
  id: number;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: string;
}

/** One thread for synchronous requests, shared by every client of the process. */
export class ExitSender {
  private readonly worker: Worker | undefined;
  private readonly port: MessagePort;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private broken = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    try {
      this.worker = new Worker(THREAD, {
        eval: true,
        workerData: { port: port2, state: this.state },
        transferList: [port2],
        stdout: true,
        stderr: true,
      });
      this.worker.on('error', () => {
        this.broken = true;
      });
      this.worker.unref();
    } catch {
      this.broken = true;
    }
    port1.unref();
  }

  /** Whether requests can be sent (the thread started, and has not failed). */
  get usable(): boolean {
    return !this.broken;
  }

  /**
   * Sends `request` and blocks this thread until its answer comes or `timeoutMs` passes:
   * the answer, or `false` (not sent, no answer in time, or a network error — the caller spools).
   */
  send(request: HttpRequest, timeoutMs: number): HttpResponse | false {
    if (this.broken || !this.worker || timeoutMs <= 0) return false;
    this.seq = (this.seq + 1) | 0 || 1;
    const id = this.seq;
    const deadline = Date.now() + timeoutMs;
    this.port.postMessage({
      id,
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      timeoutMs: Math.max(1, Math.min(request.timeoutMs, timeoutMs)),
    });
    for (;;) {
      const seen = Atomics.load(this.state, 0);
      if (seen === id) break;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.state, 0, seen, left);
    }
    let reply: Reply | undefined;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      if ((m.message as Reply).id === id) reply = m.message as Reply;
    }
    if (!reply || reply.status === undefined) return false;
    const headers = reply.headers ?? {};
    return { status: reply.status, header: (name) => headers[name.toLowerCase()], body: reply.body ?? '' };
  }
}

let shared: ExitSender | undefined;

/** The process's exit sender, started on first use. */
export function exitSender(): ExitSender {
  shared ??= new ExitSender();
  return shared;
}

/** The time left for the end of the process: set when it starts ending, read by each request. */
export class ExitBudget {
  private deadline: number | undefined;

  constructor(private readonly ms: number) {}

  /** The process starts ending now (the first call counts). */
  start(): void {
    this.deadline ??= Date.now() + this.ms;
  }

  /** Milliseconds left (the budget starts with the first request if nothing started it). */
  left(): number {
    this.start();
    return Math.max(0, (this.deadline as number) - Date.now());
  }
}
