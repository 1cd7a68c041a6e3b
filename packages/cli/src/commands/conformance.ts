import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  envelopeToJson,
  fromHex,
  importPrivateKeyPem,
  LogFluxError,
  openEnvelope,
  type PayloadType,
  parseCustomerPublicKey,
  sealPayload,
  toHex,
  unwrapSessionKey,
  utf8Encode,
  wrapSessionKey,
} from '@logflux/core';
import { type CommandIo, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';

export const CONFORMANCE_HELP = `logflux conformance encode <inputs.json> <out.json> [--public-key PEM]
logflux conformance decode <inputs.json> <out.json> [--private-key PEM]

The TypeScript side of the cross-implementation round trip (test-vectors/README.md). Keys default
to the TEST-ONLY pair in test-vectors/keys/ next to inputs.json's directory.`;

interface Inputs {
  aesKey: string;
  entries: { id: string; payloadType: PayloadType; plaintext: string }[];
}

interface Produced {
  producer: string;
  encryptedSecret: string;
  envelopes: { id: string; envelope: string }[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export async function conformanceCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'public-key': { type: 'string' }, 'private-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [mode, inputsPath, outPath] = positionals;
  if (values.help) {
    await write(io.stdout, `${CONFORMANCE_HELP}\n`);
    return 0;
  }
  if ((mode !== 'encode' && mode !== 'decode') || !inputsPath || !outPath) throw new UsageError(CONFORMANCE_HELP);
  const keysDir = join(dirname(inputsPath), '..', 'keys');
  const inputs = readJson<Inputs>(inputsPath);
  const aesKey = fromHex(inputs.aesKey);
  const providers = await cliProviders();

  if (mode === 'encode') {
    const publicKey = await parseCustomerPublicKey(readFileSync(values['public-key'] ?? join(keysDir, 'test-rsa-4096-public.pem'), 'utf8'));
    const out: Produced = { producer: 'typescript', encryptedSecret: await wrapSessionKey(publicKey, aesKey), envelopes: [] };
    for (const e of inputs.entries) {
      const envelope = await sealPayload(providers, utf8Encode(e.plaintext), {
        key: aesKey,
        keyId: 'roundtrip',
        payloadType: e.payloadType,
        entryType: 1,
        timestamp: new Date().toISOString(),
      });
      out.envelopes.push({ id: e.id, envelope: envelopeToJson(envelope) });
    }
    writeFileSync(outPath, `${JSON.stringify(out, null, 1)}\n`);
    await write(io.stdout, `encoded ${out.envelopes.length} entries to ${outPath}\n`);
    return 0;
  }

  const produced = readJson<Produced>(outPath);
  const privateKey = await importPrivateKeyPem(readFileSync(values['private-key'] ?? join(keysDir, 'test-rsa-4096-private.pem'), 'utf8'));
  let passed = 0;
  let failed = 0;
  const report = async (ok: boolean, what: string) => {
    if (ok) passed++;
    else {
      failed++;
      await write(io.stdout, `FAIL ${produced.producer}: ${what}\n`);
    }
  };
  let secretOk = false;
  try {
    secretOk = toHex(await unwrapSessionKey(privateKey, produced.encryptedSecret)) === inputs.aesKey;
  } catch (error) {
    if (!(error instanceof LogFluxError)) throw error;
  }
  await report(secretOk, 'encryptedSecret does not unwrap to aesKey');
  const byId = new Map(produced.envelopes.map((e) => [e.id, e.envelope]));
  for (const e of inputs.entries) {
    const text = byId.get(e.id);
    let ok = false;
    let why = 'missing';
    if (text !== undefined) {
      try {
        const opened = await openEnvelope(text, { providers, key: aesKey });
        ok = opened.envelope.payload_type === e.payloadType && Buffer.from(opened.plaintext).equals(Buffer.from(utf8Encode(e.plaintext)));
        why = 'plaintext or payload type differs';
      } catch (error) {
        if (!(error instanceof LogFluxError)) throw error;
        why = error.errorClass;
      }
    }
    await report(ok, `entry ${e.id}: ${why}`);
  }
  await write(io.stdout, `${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
