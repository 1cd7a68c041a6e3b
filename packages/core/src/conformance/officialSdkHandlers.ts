import { fromHex, toHex } from '../bytes.js';
import { openEnvelope } from '../codec/envelope.js';
import { multipartBoundary, parseMultipart } from '../codec/multipart.js';
import { multipartPartEnvelope } from '../codec/multipartPart.js';
import { importPrivateKeyPem, unwrapSessionKey } from '../crypto/privateKey.js';
import { unwrapSessionKeyCompat } from '../crypto/sessionKeyUnwrap.js';
import { LogFluxError } from '../errors.js';
import type { CodecProviders } from '../providers.js';
import { testOnlyRawRsa } from './rawRsa.js';

/**
 * The group types of `official_sdk_3_0_1_test.json`: what the official SDKs 3.0.1 write, read with
 * the compatibility rules of docs/protocol.md §7.8 and §8.4.1 (`compat`) and strictly (`strict`).
 */

type Json = Record<string, unknown>;
type Handler = (group: Json, test: Json, providers: CodecProviders) => Promise<Json>;

async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
}

const keys = new Map<string, Promise<{ cryptoKey: CryptoKey; raw: Awaited<ReturnType<typeof testOnlyRawRsa>> }>>();
function privateKey(pem: string) {
  let key = keys.get(pem);
  if (!key) {
    key = Promise.all([importPrivateKeyPem(pem), testOnlyRawRsa(pem)]).then(([cryptoKey, raw]) => ({ cryptoKey, raw }));
    keys.set(pem, key);
  }
  return key;
}

async function readEnvelope(envelope: string, group: Json, providers: CodecProviders, compat: boolean): Promise<Json> {
  const opened = await openEnvelope(envelope, {
    providers,
    key: fromHex(group.key as string),
    maxPlaintextBytes: group.maxPlaintextBytes as number,
    compat,
  });
  return { entry: opened.entry, compat: opened.compat, plaintextSha256: await sha256Hex(opened.plaintext) };
}

function boundaryOf(test: Json): string {
  const boundary = multipartBoundary(test.contentType as string);
  if (boundary === undefined) throw new LogFluxError('multipart_framing', 'no valid boundary in the Content-Type');
  return boundary;
}

export const OFFICIAL_SDK_HANDLERS: Record<string, { compat: Handler; strict: Handler }> = {
  OfficialSdkKeyUnwrapTest: {
    async compat(g, t) {
      const { cryptoKey, raw } = await privateKey(g.privateKeyPem as string);
      const unwrapped = await unwrapSessionKeyCompat(cryptoKey, t.encryptedSecret as string, raw);
      return { secret: toHex(unwrapped.secret), keyWrap: unwrapped.wrap };
    },
    async strict(g, t) {
      const { cryptoKey } = await privateKey(g.privateKeyPem as string);
      return { secret: toHex(await unwrapSessionKey(cryptoKey, t.encryptedSecret as string)) };
    },
  },
  OfficialSdkEnvelopeReadTest: {
    compat: (g, t, p) => readEnvelope(t.envelope as string, g, p, true),
    strict: (g, t, p) => readEnvelope(t.envelope as string, g, p, false),
  },
  OfficialSdkMultipartReadTest: {
    async compat(g, t, p) {
      const parsed = parseMultipart(fromHex(t.body as string), boundaryOf(t), { compat: true });
      const parts: Json[] = [];
      for (const part of parsed.parts) {
        const envelope = multipartPartEnvelope(part);
        const read = await readEnvelope(JSON.stringify(envelope), g, p, true);
        const { payload: _, ...fields } = envelope;
        parts.push({ ...fields, ...read });
      }
      return { jsFramingDelimiters: parsed.jsFramingDelimiters, parts };
    },
    async strict(_g, t) {
      return { strictParts: parseMultipart(fromHex(t.body as string), boundaryOf(t)).parts.length };
    },
  },
};

export const OFFICIAL_SDK_FIELDS: Record<string, string[]> = {
  OfficialSdkKeyUnwrapTest: ['secret', 'keyWrap'],
  OfficialSdkEnvelopeReadTest: ['entry', 'compat', 'plaintextSha256'],
  OfficialSdkMultipartReadTest: ['jsFramingDelimiters', 'parts'],
};
