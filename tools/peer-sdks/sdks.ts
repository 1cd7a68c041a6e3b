/**
 * What the official LogFlux SDKs 3.0.1 put on the wire, as measured against the reference ingestor
 * (REFERENCE.md §1 and §1a, issue 12). Each emulator in this directory reads its behaviour from
 * this table, so every difference between them is stated once, here. Written from those facts,
 * not from the SDKs' code.
 */
export type PeerSdk = 'js' | 'java' | 'go';

export const PEER_SDKS: readonly PeerSdk[] = ['js', 'java', 'go'];

export interface PeerSdkProfile {
  sdk: PeerSdk;
  /** Illustrative `User-Agent`; nothing reads it. */
  userAgent: string;
  /** MGF1 hash of the RSA-OAEP session-key wrap (the OAEP hash is SHA-256 in all three). */
  mgfHash: 'sha256' | 'sha1';
  /** `js`: no CRLF before the second and later delimiters; `rfc2046`: correct framing. */
  framing: 'js' | 'rfc2046';
  /** `off`: plaintext JSON sent uncompressed but still labelled payload_type 1 (Go's README quick start). */
  compression: 'gzip' | 'off';
  /** The member name of a metric's kind. */
  metricKind: 'kind' | 'metric_type';
  /** The member name of a span's label. */
  spanLabel: 'name' | 'description';
  /** Fractional digits of the inner `ts` and of `X-LF-Timestamp`. */
  timestamps: 'milliseconds' | 'nanoseconds';
  /** Requests besides the handshake and ingest: Go also calls GET /health and GET /info. */
  probes: readonly string[];
}

export const PROFILES: Record<PeerSdk, PeerSdkProfile> = {
  js: {
    sdk: 'js',
    userAgent: 'logflux-js-sdk/3.0.1',
    mgfHash: 'sha256',
    framing: 'js',
    compression: 'gzip',
    metricKind: 'metric_type',
    spanLabel: 'description',
    timestamps: 'milliseconds',
    probes: [],
  },
  java: {
    sdk: 'java',
    userAgent: 'logflux-java-sdk/3.0.1',
    mgfHash: 'sha1',
    framing: 'rfc2046',
    compression: 'gzip',
    metricKind: 'metric_type',
    spanLabel: 'description',
    timestamps: 'milliseconds',
    probes: [],
  },
  go: {
    sdk: 'go',
    userAgent: 'logflux-go-sdk/3.0.1',
    mgfHash: 'sha256',
    framing: 'rfc2046',
    compression: 'off',
    metricKind: 'kind',
    spanLabel: 'name',
    timestamps: 'nanoseconds',
    probes: ['/health', '/info'],
  },
};

/** Entry types as the part header `X-LF-Entry-Type` carries them. */
export const ENTRY_TYPE = { log: 1, metric: 2, trace: 3, event: 4, audit: 5 } as const;

/** All three refuse an API key without a region prefix before sending anything. */
export const REGION_KEY = /^(eu|us|ca|au|ap)-lf_[A-Za-z0-9]{32}$/;
