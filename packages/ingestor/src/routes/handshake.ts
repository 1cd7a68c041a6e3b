import { base64DecodeStrict, LogFluxError } from '@logflux/core';
import type { RequestContext } from '../http/context.js';
import { HttpError, sendJson } from '../http/respond.js';
import { fitsModulus, rsaModulus } from '../rsaModulus.js';
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

/**
 * What the service can check of a wrapped session key without the private key (docs/protocol.md
 * §4.4): strict base64 of exactly as many bytes as the tenant's RSA modulus (512 for 4096 bits),
 * numerically below the modulus, as every RSA-OAEP ciphertext under that key is. Throws 400.
 */
export function checkWrappedSecret(secret: unknown, modulus: Uint8Array): string {
  const refuse = (why: string): HttpError =>
    new HttpError(
      'invalid_request',
      `encrypted_secret must be the base64 RSA-OAEP ciphertext of the session key under the tenant's ${modulus.length * 8}-bit key: ${why}`,
      { details: { expected_bytes: modulus.length } },
    );
  if (typeof secret !== 'string') throw refuse('it is missing or not a string');
  // No decoding work for a text that cannot be right (the body limit bounds it anyway).
  if (secret.length !== 4 * Math.ceil(modulus.length / 3)) throw refuse(`it is ${secret.length} base64 characters`);
  let bytes: Uint8Array;
  try {
    bytes = base64DecodeStrict(secret, 'encrypted_secret');
  } catch (error) {
    if (error instanceof LogFluxError) throw refuse('it is not strict base64');
    throw error;
  }
  if (bytes.length !== modulus.length) throw refuse(`it decodes to ${bytes.length} bytes`);
  if (!fitsModulus(bytes, modulus)) throw refuse('its value is not below the modulus');
  return secret;
}

/** `POST /v1/handshake/complete`: stores a checked `encrypted_secret` exactly as received. */
export async function handshakeComplete(ctx: RequestContext, tenant: Tenant, body: Buffer, store: IngestStore): Promise<void> {
  const secret = checkWrappedSecret(jsonObject(body).encrypted_secret, rsaModulus(tenant.publicKeyPem));
  const keyId = await store.addSessionKey(tenant.id, secret);
  sendJson(ctx.res, 200, { status: 'success', message: 'handshake completed', data: { key_id: keyId } }, ctx.headers);
}

export { jsonObject };
