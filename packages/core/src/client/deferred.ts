/**
 * The parts of the pipeline a client loads with one `import()` (`ctx.offline()` and
 * `ctx.loadExit()` both load this module): sealing and sending batches (batchDelivery.ts), the
 * offline parts (offline.ts: answers other than 200/202, the spool, replay), the exit parts
 * (exitSeal.ts, closing.ts), writeBatch's intake (batchIntake.ts), the builders of the entry types
 * other than logs and events (typedEntries.ts), the entry size limit's cuts (entrySize.ts) and the
 * limits' texts (limitText.ts). Node loads it at construction; a browser page at its first send
 * (or the first entry that needs it) — one chunk, not two that would share modules (bundlers
 * would then add a shared chunk and, Vite, its preload helper).
 */

export { requestShape, sendBatch } from './batchDelivery.js';
export { queueGroup } from './batchIntake.js';
export { finishClose } from './closing.js';
export { fitOrDrop } from './entrySize.js';
export * from './exitSeal.js';
export { LIMIT_TEXT } from './limitText.js';
export * from './offline.js';
export { auditEntry, errorEntry, metricEntry, preparedEntry, spanEntry } from './typedEntries.js';
