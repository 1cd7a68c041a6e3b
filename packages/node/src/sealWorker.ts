/**
 * The sealing thread: compresses, encrypts and frames batches of entries that the main thread has
 * already serialised, so an application's event loop pays only for `JSON.stringify`. Started by
 * {@link SealPool}; holds a session key only while a batch that needs it is being sealed.
 */
import { parentPort } from 'node:worker_threads';
import { type PayloadType, type QueuedEntry, type Session, sealEntries } from '@logflux/core';
import { nodeProviders, prepareZstd } from './providers.js';
import type { SealReply, SealRequest } from './sealProtocol.js';

const providers = nodeProviders();
const port = parentPort;

async function seal(request: SealRequest): Promise<string> {
  if (request.payloadType === 2) await prepareZstd();
  const json = request.json.split('\n');
  const ts = request.ts.split('\n');
  const n = json.length;
  const entries: QueuedEntry[] = new Array(n);
  for (let i = 0; i < n; i++)
    entries[i] = { json: json[i] as string, ts: ts[i] as string, type: request.types[i] as QueuedEntry['type'], seq: i, at: 0 };
  // Only the fields the sealer reads; the rest of the session stays on the main thread.
  const session = { key: request.key, keyIdJson: request.keyIdJson } as Session;
  try {
    return (await sealEntries(entries, session, request.payloadType as PayloadType, providers)).join('\n');
  } finally {
    request.key.fill(0);
  }
}

port?.on('message', (request: SealRequest) => {
  seal(request).then(
    (envelopes) => port.postMessage({ id: request.id, envelopes } satisfies SealReply),
    (error: unknown) =>
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : 'sealing failed' } satisfies SealReply),
  );
});
