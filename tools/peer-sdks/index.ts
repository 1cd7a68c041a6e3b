/**
 * Emulators of the official LogFlux SDKs 3.0.1 (JS, Java, Go) on the wire, for the peer-shaped
 * test vectors (tools/vector-gen) and the interoperability tests. See sdks.ts for the facts they
 * reproduce and docs/compatible-sdk.md for how this project reads what they write.
 */
export { type PeerClientOptions, PeerSdkClient, type PeerSendResult } from './client.js';
export { expectedEntry, goNanoTime, millisecondTime, type PeerEntry, type PeerEntryInput, peerPlaintext, sdkTime } from './entries.js';
export { ENTRY_TYPE, PEER_SDKS, type PeerSdk, type PeerSdkProfile, PROFILES, REGION_KEY } from './sdks.js';
export {
  type Bytes,
  type PeerSealed,
  peerBoundary,
  peerIngestHeaders,
  peerMultipartBody,
  peerSeal,
  peerSealBytes,
  peerWrapSecret,
  type SealOptions,
  secureRandom,
} from './wire.js';
export { interopWorkload } from './workload.js';
