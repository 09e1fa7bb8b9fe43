import type { Readable } from 'node:stream';

/**
 * Where uploaded files live. The default keeps them on the local disk; a cloud bucket is a
 * second implementation of this interface, chosen by configuration, and nothing else changes.
 * Keys are slash-separated paths made by our code, never by users.
 */
export interface FileStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** null when there is no such file. */
  get(key: string): Promise<{ stream: Readable; contentType: string; size: number } | null>;
  deletePrefix(prefix: string): Promise<void>;
}

/** Keys are our own paths: lower-case segments of [a-z0-9._-], no '..', no leading slash. */
export function isSafeStorageKey(key: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/.test(key) && !key.split('/').includes('..');
}
