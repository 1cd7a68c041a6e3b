import type { Writable } from 'node:stream';

export interface ProgressCounts {
  fetched: number;
  decrypted: number;
  written: number;
  failed: number;
  /** Estimated share of the work done, 0..1, when known. */
  fraction?: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A one-line progress bar redrawn in place: only on a TTY (piped output stays quiet), at most
 * every 100 ms. It shows counts and rates, never entry contents.
 */
export class Progress {
  private readonly started = performance.now();
  private last = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable & { isTTY?: boolean; columns?: number },
    private readonly enabled = stream.isTTY === true,
  ) {}

  line(c: ProgressCounts, now = performance.now()): string {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? c.decrypted / seconds : 0;
    const width = 20;
    const filled = c.fraction === undefined ? undefined : Math.max(0, Math.min(width, Math.round(c.fraction * width)));
    const bar = filled === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
    const eta =
      c.fraction !== undefined && c.fraction > 0 && c.fraction < 1 ? ` ETA ~${duration((seconds * (1 - c.fraction)) / c.fraction)}` : '';
    const failed = c.failed > 0 ? `, ${fmt(c.failed)} failed` : '';
    return `${bar}${fmt(c.fetched)} fetched, ${fmt(c.decrypted)} decrypted, ${fmt(c.written)} written${failed} · ${fmt(rate)}/s${eta}`;
  }

  update(c: ProgressCounts): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const text = this.line(c, now).slice(0, Math.max(20, (this.stream.columns ?? 100) - 1));
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Clears the bar (the caller prints its own summary). */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
