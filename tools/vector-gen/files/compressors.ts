/** The deterministic compressors the generator uses (pinned pure-JS and wasm builds). */
export interface Compressors {
  zstd(data: Uint8Array, level?: number): Uint8Array;
}
