/**
 * The attribute matrix (issue 19, docs/protocol.md §6.6): the same attribute values logged through
 * every Node path — the SDK's methods, a child logger, write(), pino (in-process destination and
 * worker transport), winston (in-process and worker transport) — are stored identically, read back
 * from the real reference ingestor (its own process) and decrypted with the customer's key. The
 * browser path runs the same table in Chromium (packages/browser/test/attributeMatrix.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { logfluxDestination } from '@logflux/pino-transport';
import { LogFluxTransport, LogFluxWorkerTransport } from '@logflux/winston-transport';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack } from '../packages/node/test/helpers/env.js';
import { buildTarget } from '../packages/pino-transport/test/helpers/pinoFixture.js';
import { ATTRIBUTE_CASES, EXPECTED_ATTRIBUTES, PINO_SERIALISED } from './attributeCases.js';

const KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attribute-matrix-'));
let server: Awaited<ReturnType<typeof spawnServer>>;
let options: { apiKey: string; endpoint: string; publicKey: string; spool: false };

beforeAll(async () => {
  server = await spawnServer(join(dir, 'data'), KEY);
  options = { apiKey: server.apiKey as string, endpoint: server.url, publicKey: publicKeyPem(), spool: false };
});
afterAll(async () => {
  await kill(server.child, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const ended = (stream: { end(): void; once(e: string, f: () => void): void }, event = 'finish') =>
  new Promise<void>((resolve) => {
    stream.once(event, resolve);
    stream.end();
  });

/** Each path logs the message `path` with the table's attributes (fresh values each time). */
const PATHS: Record<string, () => Promise<void>> = {
  async 'client.info'() {
    const client = createLogFlux({ ...options, sealThreads: 0 });
    client.info('client.info', ATTRIBUTE_CASES());
    await client.close();
  },
  async 'client.child'() {
    const client = createLogFlux({ ...options, sealThreads: 0 });
    client.child(ATTRIBUTE_CASES()).info('client.child');
    await client.close();
  },
  async 'client.write'() {
    const client = createLogFlux({ ...options, sealThreads: 0 });
    client.write({ level: 'info', message: 'client.write', attributes: ATTRIBUTE_CASES() });
    await client.close();
  },
  async 'pino destination'() {
    const destination = logfluxDestination(options);
    pino({ base: null }, destination).info(ATTRIBUTE_CASES(), 'pino destination');
    await new Promise<void>((resolve) => destination.flush(() => resolve()));
    await destination.client.close();
  },
  async 'pino worker'() {
    const transport = pino.transport({ target: buildTarget(), options });
    pino({ base: null }, transport).info(ATTRIBUTE_CASES(), 'pino worker');
    await ended(transport, 'close');
  },
  async winston() {
    const transport = new LogFluxTransport({ logflux: { ...options, sealThreads: 0 } });
    winston.createLogger({ transports: [transport] }).info('winston', ATTRIBUTE_CASES());
    await transport.flush();
    await transport.close?.();
  },
  async 'winston worker'() {
    const transport = new LogFluxWorkerTransport({ logflux: options });
    const logger = winston.createLogger({ transports: [transport] });
    logger.info('winston worker', ATTRIBUTE_CASES());
    await ended(logger);
  },
};

describe('one attribute encoding for every path (read back through the reference ingestor)', () => {
  it('stores the same attributes whichever path logged them', async () => {
    for (const run of Object.values(PATHS)) await run();
    const { entries } = await readBack(server.url, server.readToken as string);
    const firstLine = (a: Record<string, string>) => {
      const stack = a['failure.stack_trace'];
      return stack === undefined ? a : { ...a, 'failure.stack_trace': stack.split('\n')[0] };
    };
    const byPath = Object.fromEntries(entries.map((e) => [e.message as string, firstLine(e.attributes as Record<string, string>)]));
    const withoutUndefined = (a: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));
    const expected = (path: string) =>
      path.startsWith('pino') ? withoutUndefined({ ...EXPECTED_ATTRIBUTES, ...PINO_SERIALISED }) : EXPECTED_ATTRIBUTES;
    expect(byPath).toEqual(Object.fromEntries(Object.keys(PATHS).map((p) => [p, expected(p)])));
  }, 90_000);
});
