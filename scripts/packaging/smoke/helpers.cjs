'use strict';
// Helpers of the packed-install smoke scripts. They run in a scratch project outside the
// repository, against packages installed from their tarballs; `load` is `import()` in the ESM run
// and `require` in the CJS run, so every package under test is loaded the way the run exercises.
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { PassThrough } = require('node:stream');

const KEYS = process.env.LOGFLUX_TEST_KEYS;
const publicKeyFile = join(KEYS, 'test-rsa-4096-public.pem');
const privateKeyFile = join(KEYS, 'test-rsa-4096-private.pem');

function assert(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`check failed: ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Streams for a CLI run, with what was written to them. */
function captureIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [], err: [] };
  stdout.on('data', (c) => chunks.out.push(c));
  stderr.on('data', (c) => chunks.err.push(c));
  return {
    io: { stdin: new PassThrough(), stdout, stderr },
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

/** A reference ingestor (from the packed @logflux/ingestor) with one tenant, for the duration of fn. */
async function withIngestor(load, fn) {
  const { startIngestor } = await load('@logflux/ingestor');
  const dataDir = mkdtempSync(join(tmpdir(), 'logflux-smoke-'));
  const ingestor = await startIngestor({ dataDir, port: 0, rateLimit: false, sync: false });
  try {
    const tenant = await ingestor.tenants.create({ publicKeyPem: readFileSync(publicKeyFile, 'utf8') });
    return await fn({ ingestor, tenant });
  } finally {
    await ingestor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The same, with the ingestor in a child process: for code that blocks this thread while it
 * waits for a worker (pino.transport's end()). fn gets { ingestor: { url }, tenant }.
 */
async function withIngestorProcess(fn) {
  const child = spawn(process.execPath, [join(__dirname, 'ingestorProcess.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const line = await new Promise((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        if (buffered.includes('\n')) resolve(buffered.slice(0, buffered.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`the ingestor process exited (${code}) before it was ready`)));
    });
    const started = JSON.parse(line);
    return await fn({ ingestor: { url: started.url }, tenant: { apiKey: started.apiKey, readToken: started.readToken } });
  } finally {
    child.stdin.end();
    await exited;
  }
}

/** Every stored entry, decrypted locally with the (test) private key through the packed core. */
async function readBack(load, url, readToken) {
  const core = await load('@logflux/core');
  const auth = { Authorization: `Bearer ${readToken}` };
  const page = await (await fetch(`${url}/v1/entries?limit=1000&after=0`, { headers: auth })).json();
  const privateKey = await core.importPrivateKeyPem(readFileSync(privateKeyFile, 'utf8'));
  const providers = core.portableProviders();
  const keys = new Map();
  const entries = [];
  for (const envelope of page.data.entries) {
    if (!keys.has(envelope.key_id)) {
      const res = await (await fetch(`${url}/v1/keys/${envelope.key_id}`, { headers: auth })).json();
      keys.set(envelope.key_id, await core.unwrapSessionKey(privateKey, res.data.encrypted_secret));
    }
    entries.push((await core.openEnvelope(envelope, { providers, key: keys.get(envelope.key_id) })).entry);
  }
  return entries;
}

/** Resolves when `emitter` emits `event`, or rejects after `ms`. */
function once(emitter, event, ms = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

module.exports = {
  assert,
  captureIo,
  equal,
  mode: process.env.LOGFLUX_SMOKE_MODE,
  once,
  privateKeyPem: () => readFileSync(privateKeyFile, 'utf8'),
  publicKeyFile,
  publicKeyPem: () => readFileSync(publicKeyFile, 'utf8'),
  readBack,
  withIngestor,
  withIngestorProcess,
};
