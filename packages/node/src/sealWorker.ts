/**
 * The sealing thread: compresses, encrypts and frames batches of entries that the main thread has
 * already serialised, so an application's event loop pays only for `JSON.stringify`. Started by
 * {@link SealPool}; holds a session key only while a batch that needs it is being sealed.
 */
import { parentPort } from 'node:worker_threads';
import type { PayloadType } from '@logflux/core';
import { sealJoined } from './batchSeal.js';
import type { SealedBatch, SealReply, SealRequest } from './sealProtocol.js';

const port = parentPort;

async function seal(request: SealRequest): Promise<SealedBatch> {
  try {
    return await sealJoined(request, request.key, request.keyId, request.keyIdJson, request.payloadType as PayloadType, request.format);
  } finally {
    request.key.fill(0);
  }
}

port?.on('message', (request: SealRequest) => {
  seal(request).then(
    (sealed) =>
      port.postMessage(
        { id: request.id, sealed } satisfies SealReply,
        sealed.format === 'multipart' ? [sealed.parts.buffer as ArrayBuffer] : [],
      ),
    (error: unknown) =>
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : 'sealing failed' } satisfies SealReply),
  );
});
