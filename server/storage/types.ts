import 'server-only';

/**
 * Where uploaded files live. Keys are `<tenantId>/<...>`; the local adapter keeps them under
 * STORAGE_DIR (default `.data/storage`). An S3-compatible adapter implements the same interface.
 */
export interface StorageAdapter {
  put(key: string, body: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
  /** Removes every object under `prefix` and says how many there were. */
  removePrefix(prefix: string): Promise<number>;
}
