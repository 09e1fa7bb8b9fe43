import type { Env } from '../config/env.ts';
import type { FileStorage } from './file-storage.ts';
import { createLocalDiskStorage } from './local-disk.ts';
import { createS3Storage } from './s3.ts';

/** The storage driver the configuration names: the local disk (default) or an S3 bucket. */
export function createFileStorage(env: Env): FileStorage {
  if (env.STORAGE_DRIVER === 'local') return createLocalDiskStorage(env.STORAGE_DIR);
  return createS3Storage({
    bucket: env.S3_BUCKET!,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
}
