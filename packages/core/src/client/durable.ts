/**
 * Crash-durable intake (`durability: 'disk'` in Node; docs/delivery.md), for a runtime that has an
 * {@link EntryJournal}: each entry is sealed on the calling thread with the current session and
 * written to the journal before the log call returns; its piece then travels with it, so its batch
 * is not sealed again. The pipeline tells the journal which request each entry went into (under
 * which idempotency key) and when entries are settled. Before the first handshake there is no
 * session key: entries wait in memory as in the default mode and are journaled once it completes.
 *
 * Core reaches this module only through `platform.durable` (the Node runtime builds it with
 * {@link createDurableIntake}), so a browser bundle never carries it.
 */
import { LogFluxError } from '../errors.js';
import type { BodyFormat, SealedPieces } from '../protocol/bodies.js';
import type { PipelineContext } from './context.js';
import type { EntryJournal } from './journal.js';
import type { QueuedEntry } from './queue.js';
import { sealEntries } from './sealer.js';
import type { Session } from './session.js';

/** What core calls when a runtime makes entries crash-durable (see the module comment). */
export interface DurableIntake {
  /** Entries just queued (or all queued ones, once a session exists): sealed and journaled if not yet. */
  accepted(ctx: PipelineContext, items: readonly QueuedEntry[]): void;
  /** The batch's pieces when every entry was sealed at intake for `session` in its format, else undefined. */
  presealed(items: readonly QueuedEntry[], session: Session): SealedPieces | undefined;
  /** A request holding `items` is about to be sent under `idempotencyKey`. */
  sent(idempotencyKey: string, items: readonly QueuedEntry[]): void;
  /** Entries `seqs` are settled: acknowledged, dropped, or in a spool record. */
  settled(seqs: readonly number[]): void;
  /** The client closed: the journal is finished (deleted when nothing in it is unsettled). */
  close(): void;
}

const formatOf = (session: Session): BodyFormat => (session.multipart ? 'multipart' : 'json');

/** Pieces sealed at intake, per entry (kept beside the entry, never in the plaintext record). */
const pieces = new WeakMap<QueuedEntry, { keyId: string; format: BodyFormat; piece: string | Uint8Array }>();

function quietly(write: () => void): void {
  try {
    write();
  } catch {
    // said by `accepted` when the journal cannot be written (see above)
  }
}

/** The intake over a runtime's journal. */
export function createDurableIntake(journal: EntryJournal & { finish?(): void }): DurableIntake {
  let failed = false;
  return {
    accepted(ctx, items) {
      const session = ctx.sessions.session;
      if (!session || items.length === 0) return;
      const todo = items.filter((i) => !pieces.has(i));
      if (todo.length === 0) return;
      const format = formatOf(session);
      try {
        const sealed = sealEntries(todo, session, ctx.opts.payloadType, ctx.platform.providers, format);
        if (!Array.isArray(sealed)) {
          sealed.catch(() => {}); // asynchronous providers cannot seal within the call: memory only
          return;
        }
        journal.entries(
          todo.map((item, i) => ({
            seq: item.seq,
            type: item.type,
            format,
            keyId: session.keyId,
            piece: sealed[i] as string | Uint8Array,
          })),
        );
        for (const [i, item] of todo.entries()) pieces.set(item, { keyId: session.keyId, format, piece: sealed[i] as string | Uint8Array });
        if (failed) ctx.log.info('the journal is written again');
        failed = false;
      } catch (error) {
        // A full disk, say: the entries stay in memory (delivered as in the default mode), said once.
        if (!failed)
          ctx.report(
            new LogFluxError('internal', `entries could not be written to the journal; they wait in memory: ${(error as Error)?.message}`, {
              cause: error,
            }),
          );
        failed = true;
      }
    },
    presealed(items, session) {
      const format = formatOf(session);
      const out: (string | Uint8Array)[] = [];
      for (const item of items) {
        const p = pieces.get(item);
        if (p?.keyId !== session.keyId || p.format !== format) return undefined;
        out.push(p.piece);
      }
      return { format, pieces: out } as SealedPieces;
    },
    // A failed note below costs at most a re-send after a crash: under the request's key (stored
    // once) when `settled` failed; under a derived key when `sent` did (a full disk, both ways).
    sent(idempotencyKey, items) {
      const seqs = items.filter((i) => pieces.has(i)).map((i) => i.seq);
      if (seqs.length > 0) quietly(() => journal.batch(idempotencyKey, seqs));
    },
    settled(seqs) {
      if (seqs.length > 0) quietly(() => journal.settled(seqs));
    },
    close() {
      journal.finish?.();
    },
  };
}
