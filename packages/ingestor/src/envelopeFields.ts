import type { Envelope } from '@logflux/core';

/**
 * The members of an envelope the protocol defines (docs/protocol.md §5.1), and nothing else.
 * Everything the ingestor stores or serves goes through this: a member a client added — an `id`,
 * a `received_at`, anything — is dropped at the door (§8.6) and can never reach storage or be
 * mistaken for one of the server's own fields.
 */
export function envelopeFields(value: Envelope): Envelope {
  return {
    ...(value.timestamp !== undefined ? { timestamp: value.timestamp } : {}),
    ...(value.entry_type !== undefined ? { entry_type: value.entry_type } : {}),
    payload_type: value.payload_type,
    payload: value.payload,
    nonce: value.nonce,
    key_id: value.key_id,
  };
}
