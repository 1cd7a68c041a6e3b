import type { RequestContext } from '../http/context.js';
import { HttpError, sendJson } from '../http/respond.js';
import type { IngestStore } from '../store.js';
import type { Tenant } from '../tenants.js';

export interface Limits {
  maxBatchSize: number;
  maxPayloadSize: number;
  maxRequestSize: number;
}

function jsonObject(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError('invalid_request', 'the body must be a JSON object');
}

/** `POST /v1/handshake/init`: the tenant's public key and the service limits. */
export function handshakeInit(ctx: RequestContext, tenant: Tenant, limits: Limits, supportsMultipart: boolean): void {
  sendJson(
    ctx.res,
    200,
    {
      status: 'success',
      message: 'handshake initiated',
      data: {
        public_key: tenant.publicKeyPem,
        supports_multipart: supportsMultipart,
        limits: { max_batch_size: limits.maxBatchSize, max_payload_size: limits.maxPayloadSize, max_request_size: limits.maxRequestSize },
      },
    },
    ctx.headers,
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `POST /v1/handshake/complete`: stores `encrypted_secret` exactly as received. The service holds
 * no private key, so it cannot unwrap it; it only checks that it is base64 of a plausible size.
 */
export async function handshakeComplete(ctx: RequestContext, tenant: Tenant, body: Buffer, store: IngestStore): Promise<void> {
  const secret = jsonObject(body).encrypted_secret;
  if (typeof secret !== 'string' || !BASE64.test(secret) || secret.length < 256 || secret.length > 2048) {
    throw new HttpError('invalid_request', 'encrypted_secret must be the base64 RSA-OAEP ciphertext of the session key');
  }
  const keyId = await store.addSessionKey(tenant.id, secret);
  sendJson(ctx.res, 200, { status: 'success', message: 'handshake completed', data: { key_id: keyId } }, ctx.headers);
}

export { jsonObject };
