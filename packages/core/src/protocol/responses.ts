import { LogFluxError } from '../errors.js';
import { asObject, parseObject } from '../json.js';
import { PROTOCOL } from '../limits.js';

/** Service limits reported by `handshake/init` (docs/protocol.md §4.1). */
export interface ServiceLimits {
  maxBatchSize: number;
  maxPayloadSize: number;
  maxRequestSize: number;
}

export interface HandshakeInit {
  publicKeyPem: string;
  supportsMultipart: boolean;
  limits: ServiceLimits;
}

function bad(reason: string): never {
  throw new LogFluxError('handshake_response', `handshake response: ${reason}`);
}

/** The object holding the fields: the body itself, or its `data` member (wrapped form). */
function payloadOf(body: string, field: string, legacy?: string): Record<string, unknown> {
  const root = parseObject(body, bad);
  if (field in root || (legacy !== undefined && legacy in root)) return root;
  return asObject(root.data) ?? bad(`no ${field}`);
}

/** A positive integer limit, `fallback` when absent or unusable, at most `max`. */
function limit(value: unknown, fallback: number, max = fallback): number {
  return Math.min(typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback, max);
}

/** Parses a `handshake/init` response in either the top-level or the `data`-wrapped form. */
export function parseHandshakeInit(body: string): HandshakeInit {
  const p = payloadOf(body, 'public_key');
  if (typeof p.public_key !== 'string') bad('no public_key');
  const limits = asObject(p.limits) ?? {};
  return {
    publicKeyPem: p.public_key,
    supportsMultipart: p.supports_multipart === true,
    limits: {
      maxBatchSize: limit(limits.max_batch_size, PROTOCOL.maxBatchEntries),
      maxPayloadSize: limit(limits.max_payload_size, PROTOCOL.maxPayloadBytes),
      maxRequestSize: limit(limits.max_request_size, PROTOCOL.maxRequestBytes, Number.POSITIVE_INFINITY),
    },
  };
}

/** Parses a `handshake/complete` response: `key_id` (or legacy `key_uuid`), top-level or under `data`. */
export function parseHandshakeComplete(body: string): { keyId: string } {
  const p = payloadOf(body, 'key_id', 'key_uuid');
  const keyId = 'key_id' in p ? p.key_id : p.key_uuid;
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 128) bad('no key_id of 1 to 128 characters');
  return { keyId };
}
