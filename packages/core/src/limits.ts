/** Fixed sizes and default limits of the protocol (docs/protocol.md §5, §7 and §9). */
export const PROTOCOL = {
  /** AES-256 session key length in bytes. */
  sessionKeyBytes: 32,
  /** AES-GCM nonce length in bytes; anything else is `nonce_length`. */
  nonceBytes: 12,
  /** AES-GCM tag length in bytes, appended to the ciphertext. */
  tagBytes: 16,
  /** Largest decoded `payload` the service accepts. */
  maxPayloadBytes: 1_048_576,
  /** Longest base64 text that can decode to at most `maxPayloadBytes` (4 × ⌈1 MiB / 3⌉). */
  maxPayloadBase64Chars: 1_398_104,
  /** Default ceiling on decompressed plaintext per entry; decoders may configure another. */
  defaultMaxPlaintextBytes: 16_777_216,
  /** Deepest nesting of arrays and objects a plaintext may have (§7 step 8); deeper is `plaintext_too_deep`. */
  maxPlaintextDepth: 128,
  /** Smallest RSA modulus accepted by default for the customer's key. */
  minRsaModulusBits: 4096,
  /** Smallest RSA modulus a client may be configured to accept. */
  absoluteMinRsaModulusBits: 2048,
  /** Default service limits, used until a handshake reports others. */
  maxBatchEntries: 1000,
  maxRequestBytes: 1_048_576,
} as const;

/** Entry types (docs/protocol.md §5.4). Type 7 is produced by the service only. */
export const ENTRY_TYPES = {
  log: 1,
  metric: 2,
  trace: 3,
  event: 4,
  audit: 5,
  telemetry: 6,
  managedTelemetry: 7,
} as const;

export type EntryType = (typeof ENTRY_TYPES)[keyof typeof ENTRY_TYPES];

/** Payload types: 1 = AES-256-GCM over gzip, 2 = AES-256-GCM over zstd. */
export type PayloadType = 1 | 2;
