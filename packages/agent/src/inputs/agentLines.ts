import type { InputCounters } from '../counters.js';
import { mapAgentEntry } from '../mapping/agentEntry.js';
import type { MappingContext } from '../mapping/common.js';
import { looksLikeCEntry, salvageCLine } from '../mapping/cSalvage.js';
import { secretsEqual } from '../secret.js';
import type { EntryInput } from '../sink.js';

/** Who must present the shared secret, and what it is. */
export interface SecretPolicy {
  /** The agent's current secret; undefined on transports that do not check it (the Unix socket). */
  expected?: () => string;
  /** Whether a line without `shared_secret` is accepted where secrets are checked. */
  acceptWithoutSecret: boolean;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Longest text held while waiting for the rest of a C SDK entry split by a raw newline. */
const MAX_HELD = 8192;

/**
 * Reads the lines of one agent-protocol connection (or HTTP body) into entries. A bad line is
 * counted under its reason and skipped; it never ends the connection or costs the lines after it.
 * C SDK lines that are not JSON are salvaged where their layout allows (mapping/cSalvage.ts),
 * including an entry split over two lines by an unescaped newline in its message.
 */
export class AgentLineReader {
  #held: string | undefined;

  constructor(
    private readonly ctx: () => MappingContext,
    private readonly secrets: SecretPolicy,
    private readonly counters: InputCounters,
    private readonly emit: (entry: EntryInput, bytes: number) => void,
  ) {}

  /** One line without its newline; `truncated` when it was cut at the size cap. */
  line(text: string, truncated: boolean): void {
    if (truncated) {
      this.#flushHeld();
      this.counters.received++;
      this.counters.drop('too_long');
      return;
    }
    if (this.#held !== undefined) {
      const joined = `${this.#held}\n${text}`;
      const salvaged = salvageCLine(joined);
      if (salvaged?.how === 'unescaped') {
        this.#held = undefined;
        this.counters.received++;
        this.counters.salvaged++;
        this.#accept(salvaged.value, joined.length);
        return;
      }
      // A fragment (neither an entry of its own nor the start of one) may be more of the message.
      if (joined.length <= MAX_HELD && !looksLikeCEntry(text) && !isJson(text)) {
        this.#held = joined;
        return;
      }
      this.#flushHeld();
    }
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const salvaged = salvageCLine(text);
      if (salvaged) {
        this.counters.received++;
        this.counters.salvaged++;
        if (salvaged.how === 'truncated') this.counters.truncated++;
        this.#accept(salvaged.value, text.length);
        return;
      }
      if (looksLikeCEntry(text) && text.length <= MAX_HELD) {
        this.#held = text;
        return;
      }
      this.counters.received++;
      this.counters.drop('bad_line');
      return;
    }
    this.counters.received++;
    this.#accept(value, text.length);
  }

  /** Checks the secret and maps one parsed object (also used for HTTP bodies). */
  accept(value: unknown, bytes: number): void {
    this.counters.received++;
    this.#accept(value, bytes);
  }

  #accept(value: unknown, bytes: number): void {
    const mapped = mapAgentEntry(value, this.ctx());
    if ('error' in mapped) {
      this.counters.drop(mapped.error);
      return;
    }
    const expected = this.secrets.expected?.();
    if (expected !== undefined) {
      if (mapped.secret !== undefined) {
        if (!secretsEqual(mapped.secret, expected)) {
          this.counters.drop('bad_secret');
          return;
        }
      } else if (!this.secrets.acceptWithoutSecret) {
        this.counters.drop('no_secret');
        return;
      }
    }
    this.emit(mapped.entry, bytes);
  }

  #flushHeld(): void {
    if (this.#held === undefined) return;
    this.#held = undefined;
    this.counters.received++;
    this.counters.drop('bad_line');
  }

  /** The connection ended: a held partial entry is a bad line. */
  end(): void {
    this.#flushHeld();
  }
}
