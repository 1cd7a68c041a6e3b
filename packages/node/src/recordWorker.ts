/**
 * The record worker: a thread that runs one LogFlux client for a {@link RecordWorker} host on the
 * application's thread. It takes batches of typed records, maps each through `logRecord`, and
 * answers flush and end requests; at process exit it drains within the host's budget and signals
 * the host through shared memory, because the host's thread is then blocked in `Atomics.wait`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FlushResult } from '@logflux/core';
import type { LogFluxNode } from './client.js';
import { logRecord } from './logRecord.js';
import { type HostMessage, type RecordWorkerData, STATE, type WorkerMessage } from './recordProtocol.js';
import { oncePerClass, problemOf, startWorkerClient } from './workerClient.js';

const port = parentPort;
const data = workerData as RecordWorkerData | undefined;

// Answers go through a port of their own, which the host can also read synchronously at exit.
const post = (message: WorkerMessage) => data?.replies.postMessage(message);

/** At exit: deliver what the budget allows, seal the rest into the spool, and say what was lost. */
async function drain(client: LogFluxNode, leave: () => void, until: number): Promise<number> {
  const result = await client.flush({ timeoutMs: Math.max(0, until - Date.now()), reason: 'exit' });
  if (result.pending === 0) return 0;
  const spooled = client.stats().spool.entries;
  leave(); // core seals what is queued or unanswered into the spool, synchronously
  return Math.max(0, result.pending - (client.stats().spool.entries - spooled));
}

function serve(client: LogFluxNode, leave: () => void, state: Int32Array): void {
  client.ready().then(
    () => post({ kind: 'ready' }),
    (error: unknown) => post({ kind: 'ready', problem: problemOf(error, 'handshake_response') }),
  );
  const answer = (id: number, done: Promise<FlushResult>) => {
    done.then((result) => post({ kind: 'done', id, result }));
  };
  port?.on('message', (message: HostMessage) => {
    switch (message.op) {
      case 'records':
        for (const record of message.records) logRecord(client, record);
        Atomics.add(state, STATE.taken, message.records.length);
        return;
      case 'flush':
        answer(message.id, client.flush(message.timeoutMs !== undefined ? { timeoutMs: message.timeoutMs } : {}));
        return;
      case 'end':
        answer(message.id, client.close());
        return;
      case 'drain':
        drain(client, leave, message.until)
          .catch(() => client.stats().queued.entries)
          .then((lost) => {
            Atomics.store(state, STATE.lost, lost);
            Atomics.store(state, STATE.drained, message.seq);
            Atomics.notify(state, STATE.drained);
          });
        return;
    }
  });
}

if (port && data) {
  const started = startWorkerClient(
    data.options,
    oncePerClass((problem) => post({ kind: 'problem', problem })),
  );
  if ('client' in started) serve(started.client, started.leave, data.state);
  else {
    // Posted first: a host blocked at exit reads it right after this slot wakes it (-1: nothing to wait for).
    post({ kind: 'fatal', problem: started.problem });
    Atomics.store(data.state, STATE.drained, -1);
    Atomics.notify(data.state, STATE.drained);
    port.close();
  }
}
