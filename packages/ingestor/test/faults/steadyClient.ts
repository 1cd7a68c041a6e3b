import { randomBytes } from 'node:crypto';
import type { Envelope } from '@logflux/core';
import type { WireClient } from '../helpers/wireClient.js';

/**
 * A well-behaved client for the fault cases: sends batches with an Idempotency-Key and retries
 * the same request (same key) after a network error, a 5xx or a 507, as docs/protocol.md §9.3
 * asks, until it is acknowledged or `keepTrying()` says stop. Keeps what it sent and what was
 * acknowledged, and counts every answer by status.
 */
export class SteadyClient {
  readonly sent: Envelope[] = [];
  readonly acknowledged: Envelope[] = [];
  readonly answers = new Map<string, number>();

  constructor(
    private readonly client: WireClient,
    private readonly options: { retryDelayMs?: number; keepTrying?: () => boolean } = {},
  ) {}

  private count(answer: string): void {
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
  }

  /** "200×12, 507×3, network×1" */
  describeAnswers(): string {
    return [...this.answers].map(([k, n]) => `${k}×${n}`).join(', ');
  }

  /** Seals and sends one batch of `size` entries; true once acknowledged. */
  async sendBatch(size: number, label = 'steady'): Promise<boolean> {
    const batch = await Promise.all(
      Array.from({ length: size }, (_, i) => this.client.seal({ label, i, pad: randomBytes(48).toString('hex') })),
    );
    this.sent.push(...batch);
    const key = randomBytes(16).toString('hex');
    for (;;) {
      let status: number | undefined;
      try {
        const res = await this.client.batch(batch, key);
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = undefined;
      }
      this.count(status === undefined ? 'network' : String(status));
      if (status === 200) {
        this.acknowledged.push(...batch);
        return true;
      }
      const retryable = status === undefined || status === 507 || status >= 500;
      if (!retryable || !(this.options.keepTrying?.() ?? false)) return false;
      await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 50));
    }
  }

  /** Sends batches one after another, `pauseMs` apart, while `running()` says so. */
  async sendWhile(running: () => boolean, size = 10, pauseMs = 20): Promise<void> {
    while (running()) {
      await this.sendBatch(size);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
