/**
 * The storage could not make a write durable (disk full, I/O error, …). Nothing of the failed
 * operation is acknowledged, and the log stays consistent: the caller may retry the same request
 * once the cause is gone. The message names the operation and the errno code, never data.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  /** The errno code (`ENOSPC`, `EIO`, `EDQUOT`, …) or `EIO` when there was none. */
  readonly code: string;

  constructor(operation: string, cause: unknown) {
    const code = storageErrorCode(cause);
    super(`cannot ${operation} (${code})`, { cause });
    this.code = code;
  }
}

export function storageErrorCode(error: unknown): string {
  if (error instanceof StorageUnavailableError) return error.code;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : 'EIO';
}

/** Where the storage stands: writable, or failing since `since` with `code`. */
export type StorageHealth = { ok: true } | { ok: false; code: string; since: string; message: string };
