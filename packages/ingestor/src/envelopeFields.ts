import type { Envelope } from '@logflux/core';

/**
 * The members of an envelope the protocol defines (docs/protocol.md §5.1), and nothing else.
 * Everything the ingestor stores or serves goes through this: a member a client added — an `id`,
 * a `received_at`, anything — is dropped at the door (§8.6) and can never reach storage or be
 * mistaken for one of the server's own fields.
 */
export function envelopeFields(value: Envelope): Envelope {
  // Plain literals (no conditional spreads): this runs for every stored and served entry.
  const { timestamp, entry_type, payload_type, payload, nonce, key_id } = value;
  if (timestamp !== undefined) {
    return entry_type !== undefined
      ? { timestamp, entry_type, payload_type, payload, nonce, key_id }
      : { timestamp, payload_type, payload, nonce, key_id };
  }
  return entry_type !== undefined ? { entry_type, payload_type, payload, nonce, key_id } : { payload_type, payload, nonce, key_id };
}
