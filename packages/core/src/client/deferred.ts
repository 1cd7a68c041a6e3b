/**
 * The parts of the pipeline a client loads with one `import()` (`ctx.offline()` and
 * `ctx.loadExit()` both load this module): the offline parts (offline.ts: answers other than
 * 200/202, the spool, replay), the exit parts (exitSeal.ts) and writeBatch's intake
 * (batchIntake.ts), sealing and sending batches (batchDelivery.ts), the entry size limit's cuts (entrySize.ts) and the builders of the entry types other than logs and events (typedEntries.ts).
 * Node loads it at construction; a
 * browser page after its first delivery, or at its first failure — one chunk, not two that would
 * share modules (bundlers would then add a shared chunk and, Vite, its preload helper).
 */

export { requestShape, sendBatch } from './batchDelivery.js';
export { queueGroup } from './batchIntake.js';
export { fitOrDrop } from './entrySize.js';
export * from './exitSeal.js';
export * from './offline.js';
export { auditEntry, errorEntry, metricEntry, preparedEntry, spanEntry } from './typedEntries.js';
