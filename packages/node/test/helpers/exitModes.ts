// What every exit child shares (node's exitChild.ts and the transports' children, run by
// exitMatrix.ts): its arguments `<mode> <url> <apiKey> <spoolDir> <count> [extra]`, the test public
// key, and the end its mode names:
//   normal — return from main; end — the integration's own end, printing "finished" once it is done;
//   exit — process.exit(7); sigterm — print "ready", then wait for SIGTERM; throw — an uncaught exception.
import { readFileSync } from 'node:fs';

export interface ExitChildArgs {
  mode: string;
  url: string;
  apiKey: string;
  spoolDir: string;
  count: number;
  /** The sixth argument, when the child takes one (a worker script, a pino target, "before-handshake"). */
  extra: string | undefined;
}

export function exitChildArgs(): ExitChildArgs {
  const [mode, url, apiKey, spoolDir, count, extra] = process.argv.slice(2) as [string, string, string, string, string, string?];
  return { mode, url, apiKey, spoolDir, count: Number(count), extra };
}

export const TEST_PUBLIC_KEY = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');

/** Prints the line the tests wait for once an `end` has finished. */
export function finished(): void {
  process.stdout.write('finished\n');
}

/** Ends the process as `mode` says; `end` is the integration's own end (mode `end`), which calls {@link finished}. */
export async function endAs(mode: string, end: () => void | Promise<void>): Promise<void> {
  if (mode === 'end') await end();
  if (mode === 'exit') process.exit(7);
  if (mode === 'throw')
    setTimeout(() => {
      throw new Error('uncaught in the application');
    }, 10);
  if (mode === 'sigterm') {
    process.stdout.write('ready\n');
    setInterval(() => {}, 1000);
  }
}
