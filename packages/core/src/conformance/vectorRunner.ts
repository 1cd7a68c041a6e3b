import { fromHex, toHex } from '../bytes.js';
import { openEnvelope } from '../codec/envelope.js';
import { parseApiKey } from '../config/apiKey.js';
import { parseAuthenticatedDiscovery, parseStaticDiscovery, planDiscovery } from '../config/discovery.js';
import { importPrivateKeyPem, unwrapSessionKey } from '../crypto/privateKey.js';
import { checkPin, parseCustomerPublicKey } from '../crypto/publicKey.js';
import { LogFluxError } from '../errors.js';
import type { CodecProviders } from '../providers.js';
import { utf8DecodeStrict } from '../utf8Strict.js';
import { OFFICIAL_SDK_FIELDS, OFFICIAL_SDK_HANDLERS } from './officialSdkHandlers.js';

/**
 * Runs the Wycheproof-style vector files of `test-vectors/` against this implementation and a
 * given provider set. Runtimes use it to prove their native providers are byte-compatible.
 */

/** A parsed JSON object (a vector file, a test group, a test). */
export type Json = Record<string, unknown>;

export interface VectorTestFailure {
  file: string;
  tcId: number;
  comment: string;
  expected: string;
  got: string;
}

export interface VectorRunResult {
  passed: number;
  failed: number;
  failures: VectorTestFailure[];
}

export const SUPPORTED_SCHEMAS = [
  'logflux_api_key_test_schema_v1.json',
  'logflux_discovery_test_schema_v2.json',
  'logflux_aead_test_schema_v1.json',
  'logflux_rsa_oaep_unwrap_test_schema_v1.json',
  'logflux_public_key_test_schema_v1.json',
  'logflux_envelope_test_schema_v1.json',
  'logflux_official_sdk_test_schema_v1.json',
];

type Outcome = { ok: true; value: Json } | { ok: false; errorClass: string };
type Handler = (group: Json, test: Json, providers: CodecProviders) => Promise<Json>;

async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
}

const privateKeys = new Map<string, Promise<CryptoKey>>();

const HANDLERS: Record<string, Handler> = {
  async ApiKeyTest(_g, t) {
    return { region: parseApiKey(t.apiKey).region };
  },
  async DiscoveryResolutionTest(_g, t) {
    const plan = planDiscovery(t.apiKey as string, t.endpoint as string | undefined);
    return plan.kind === 'override'
      ? { ingestorUrl: plan.ingestorUrl }
      : { discoveryUrl: plan.staticUrl, authenticatedDiscoveryUrls: plan.authenticatedUrls };
  },
  async DiscoveryResponseTest(_g, t) {
    const body = t.body as string;
    return { ingestorUrl: t.kind === 'static' ? parseStaticDiscovery(body) : parseAuthenticatedDiscovery(body) };
  },
  async AeadTest(_g, t, p) {
    const key = fromHex(t.key as string);
    const nonce = fromHex(t.nonce as string);
    const ciphertext = fromHex(t.ciphertext as string);
    const opened = await p.aead.open(key, nonce, ciphertext);
    const sealed = await p.aead.seal(key, nonce, fromHex(t.plaintext as string));
    return { plaintext: toHex(opened), ciphertext: toHex(sealed) };
  },
  async RsaOaepUnwrapTest(g, t) {
    const pem = g.privateKeyPem as string;
    let key = privateKeys.get(pem);
    if (!key) {
      key = importPrivateKeyPem(pem);
      privateKeys.set(pem, key);
    }
    return { secret: toHex(await unwrapSessionKey(await key, t.encryptedSecret as string)) };
  },
  async PublicKeyTest(_g, t, p) {
    // The providers' SHA-256 and key-size reading where they have them (the DER walker outside Web Crypto).
    const key = await parseCustomerPublicKey(t.publicKeyPem as string, undefined, p.sha256, p.rsaModulusBits);
    if (typeof t.pin === 'string') await checkPin(key, t.pin, p.sha256);
    return { fingerprint: key.fingerprint, modulusBits: key.modulusBits };
  },
  async EnvelopeDecodeTest(g, t, p) {
    const opened = await openEnvelope(t.envelope as string, {
      providers: p,
      key: fromHex(g.key as string),
      maxPlaintextBytes: g.maxPlaintextBytes as number,
    });
    const out: Json = { plaintextSha256: await sha256Hex(opened.plaintext), plaintextSize: opened.plaintext.length };
    if ('plaintext' in t) out.plaintext = utf8DecodeStrict(opened.plaintext);
    return out;
  },
  ...Object.fromEntries(Object.entries(OFFICIAL_SDK_HANDLERS).map(([type, h]) => [type, h.compat])),
};

/** Group types whose tests also say what strict decoding gives (`strictResult`, `strictErrorClass`). */
const STRICT_HANDLERS: Record<string, Handler> = Object.fromEntries(
  Object.entries(OFFICIAL_SDK_HANDLERS).map(([type, h]) => [type, h.strict]),
);

/** The output fields a valid test is compared on, per group type. */
const EXPECTED_FIELDS: Record<string, string[]> = {
  ApiKeyTest: ['region'],
  DiscoveryResolutionTest: ['discoveryUrl', 'authenticatedDiscoveryUrls', 'ingestorUrl'],
  DiscoveryResponseTest: ['ingestorUrl'],
  AeadTest: ['plaintext', 'ciphertext'],
  RsaOaepUnwrapTest: ['secret'],
  PublicKeyTest: ['fingerprint', 'modulusBits'],
  EnvelopeDecodeTest: ['plaintextSha256', 'plaintextSize', 'plaintext'],
  ...OFFICIAL_SDK_FIELDS,
};

/** JSON with object members in sorted order, so that results compare whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The strict-decoding half of a test, or undefined when it matches. */
async function strictMismatch(group: Json, test: Json, providers: CodecProviders): Promise<string | undefined> {
  const handler = STRICT_HANDLERS[group.type as string];
  if (!handler) return undefined;
  const outcome = await runOne(handler, group, test, providers);
  const want = test.strictResult === 'invalid' ? `invalid (${test.strictErrorClass as string})` : 'valid';
  if (describe(outcome) !== want) return `strict: expected ${want}, got ${describe(outcome)}`;
  if (outcome.ok && 'strictParts' in test && outcome.value.strictParts !== test.strictParts) return 'strict: a different number of parts';
  return undefined;
}

async function runOne(handler: Handler, group: Json, test: Json, providers: CodecProviders): Promise<Outcome> {
  try {
    return { ok: true, value: await handler(group, test, providers) };
  } catch (error) {
    if (error instanceof LogFluxError) return { ok: false, errorClass: error.errorClass };
    return { ok: false, errorClass: `unexpected ${String((error as Error)?.name ?? error)}` };
  }
}

function describe(outcome: Outcome): string {
  return outcome.ok ? 'valid' : `invalid (${outcome.errorClass})`;
}

/** Runs one parsed vector file. `fileName` is used in failure reports only. */
export async function runVectorFile(file: Json, providers: CodecProviders, fileName = 'vectors'): Promise<VectorRunResult> {
  const result: VectorRunResult = { passed: 0, failed: 0, failures: [] };
  const fail = (tcId: number, comment: string, expected: string, got: string) => {
    result.failed++;
    result.failures.push({ file: fileName, tcId, comment, expected, got });
  };
  if (!SUPPORTED_SCHEMAS.includes(file.schema as string)) {
    fail(0, 'schema', `one of ${SUPPORTED_SCHEMAS.join(', ')}`, String(file.schema));
    return result;
  }
  let count = 0;
  for (const group of file.testGroups as Json[]) {
    const handler = HANDLERS[group.type as string];
    for (const test of group.tests as Json[]) {
      count++;
      const tcId = test.tcId as number;
      const comment = test.comment as string;
      if (!handler) {
        fail(tcId, comment, 'a known group type', String(group.type));
        continue;
      }
      const outcome = await runOne(handler, group, test, providers);
      if (test.result === 'invalid') {
        const want = `invalid (${test.errorClass as string})`;
        if (describe(outcome) !== want) fail(tcId, comment, want, describe(outcome));
        else {
          const strict = await strictMismatch(group, test, providers);
          if (strict) fail(tcId, comment, 'the strict result as given', strict);
          else result.passed++;
        }
        continue;
      }
      if (!outcome.ok) {
        fail(tcId, comment, 'valid', describe(outcome));
        continue;
      }
      const mismatch = (EXPECTED_FIELDS[group.type as string] ?? []).find(
        (field) => field in test && canonical(outcome.value[field]) !== canonical(test[field]),
      );
      const strict = mismatch ? undefined : await strictMismatch(group, test, providers);
      if (mismatch) fail(tcId, comment, `${mismatch} as given`, `a different ${mismatch}`);
      else if (strict) fail(tcId, comment, 'the strict result as given', strict);
      else result.passed++;
    }
  }
  if (count !== file.numberOfTests) fail(0, 'numberOfTests', String(file.numberOfTests), String(count));
  return result;
}
