import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Diagnostics } from '@logflux/core';

/** The streams a command talks to; tests pass their own. */
export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The CLI's own diagnostics, at the level of `--log-level` (set by runCli; see diagnostics.ts). */
  log?: Diagnostics;
}

export function processIo(): CommandIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Lines of a stream, without their line terminators (`\n` or `\r\n`). */
export function lines(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Writes and waits for the stream to accept more, so large outputs do not pile up in memory. */
export function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

/** An error whose message is meant for the person at the terminal; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
