import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogFlux, type LogFluxNode } from '@logflux/node';
import { ROOT, runCliProcess, startServe, stop } from './cliProcess.js';

const KEYS = join(ROOT, 'test-vectors/keys');
export const PUBLIC_KEY = join(KEYS, 'test-rsa-4096-public.pem');
export const PRIVATE_KEY = join(KEYS, 'test-rsa-4096-private.pem');

/** A running `logflux serve` in a scratch directory, tenant for the TEST-ONLY key pair. */
export interface Fixture {
  dir: string;
  home: string;
  url: string;
  apiKey: string;
  readToken: string;
  /** `--home … --private-key …`: what a reading command needs. */
  reader: string[];
  /** Runs `logflux <args> <reader options>`. */
  cli(args: string[], input?: string): ReturnType<typeof runCliProcess>;
  /** `logflux send <args>` with stdin `input`. */
  send(args: string[], input: string): ReturnType<typeof runCliProcess>;
  /** Sends through the Node SDK (pinned, no spool), waits for every entry, and returns how many were stored. */
  sdk(fill: (client: LogFluxNode) => void, options?: { maxQueueEntries?: number }): Promise<number>;
  close(): Promise<void>;
}

export async function startFixture(prefix: string): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  const server = await startServe(['--home', home, '--public-key', PUBLIC_KEY, '--no-rate-limit']);
  const creds = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { api_key: string; read_token: string };
  const reader = ['--home', home, '--private-key', PRIVATE_KEY];
  return {
    dir,
    home,
    url: server.url,
    apiKey: creds.api_key,
    readToken: creds.read_token,
    reader,
    cli: (args, input = '') => runCliProcess([...args, ...reader], input),
    send: (args, input) => runCliProcess(['send', '--home', home, ...args], input),
    async sdk(fill, options = {}) {
      const client = createLogFlux({
        apiKey: creds.api_key,
        endpoint: server.url,
        publicKeyFile: PUBLIC_KEY,
        source: 'shop-api',
        environment: 'test',
        release: '1.2.3',
        spool: false,
        maxQueueEntries: options.maxQueueEntries ?? 10_000,
        maxQueueBytes: 512 * 1024 * 1024,
      });
      fill(client);
      await client.flush(); // no time limit, unlike close() (a loaded CI machine can be slow)
      const { acknowledged } = client.stats();
      await client.close();
      return acknowledged;
    },
    async close() {
      await stop(server.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every line of `logflux query --json`. */
export async function queryJson(
  fx: Fixture,
  filters: string[] = [],
): Promise<{ id: number; received_at: string; entry: Record<string, unknown> }[]> {
  const r = await fx.cli(['query', '--json', ...filters]);
  if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}
