/**
 * Browsers refuse a `keepalive` request once the bodies of all keepalive requests still in flight
 * from the page would exceed 64 KiB (the Fetch standard's inflight keepalive bytes; Chromium
 * enforces it). The SDK counts every keepalive request it starts against one budget per page —
 * body plus an estimate of the request line and headers — and never starts one that would not fit.
 */
export const KEEPALIVE_LIMIT_BYTES = 64 * 1024;

/** Bytes a keepalive request is counted for: body, URL and headers, plus 512 for the request line and browser-added headers. */
export function keepaliveCost(url: string, headers: Record<string, string>, body: string | Uint8Array): number {
  let n = 512 + url.length + body.length;
  for (const name in headers) n += name.length + (headers[name] as string).length + 4;
  return n;
}

export interface KeepaliveBudget {
  readonly capacity: number;
  /** Reserves `bytes` if they fit; false otherwise. */
  reserve(bytes: number): boolean;
  release(bytes: number): void;
}

export function keepaliveBudget(capacity = KEEPALIVE_LIMIT_BYTES): KeepaliveBudget {
  let used = 0;
  return {
    capacity,
    reserve(bytes) {
      if (used + bytes > capacity) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used -= bytes;
    },
  };
}

/** The page's budget, shared by every client on it. */
export const pageKeepaliveBudget = keepaliveBudget();
