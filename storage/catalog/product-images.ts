import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import {
  imageDimensionsProblem,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  PRODUCT_IMAGE_SIZES,
  sniffImageType,
} from '../../domain/catalog/image-type.ts';
import type { FileStorage } from '../file-storage.ts';

export class ImageRejectedError extends Error {
  readonly code: 'image_too_large' | 'not_an_image';
  constructor(code: 'image_too_large' | 'not_an_image', message: string) {
    super(message);
    this.name = 'ImageRejectedError';
    this.code = code;
  }
}

// One thread per image, one image at a time per process: decoding shares libuv's small thread
// pool with password hashing (scrypt), so a few big uploads must not hold every thread of it.
sharp.concurrency(1);
let imageWork: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = imageWork.then(work, work);
  imageWork = turn.catch(() => undefined);
  return turn;
}

/**
 * Checks a product photo by its bytes (JPEG/PNG, ≤ 5 MB, really decodable), then stores it
 * in every size of PRODUCT_IMAGE_SIZES as JPEG (what LINE image messages accept), turned
 * upright by its EXIF orientation and stripped of metadata such as the phone's GPS position.
 * Returns the base path the sizes hang off (see domain/catalog/image-type.ts productImageUrls).
 */
export async function storeProductImage(
  storage: FileStorage,
  ids: { tenantId: string; productId: string },
  bytes: Buffer,
): Promise<string> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRejectedError('image_too_large', '圖片不能超過 5MB');
  if (!sniffImageType(bytes)) throw new ImageRejectedError('not_an_image', '只接受 JPG 或 PNG 圖片');
  // The header alone: its dimensions are checked before a single pixel is decoded.
  const { width = 0, height = 0 } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
    .metadata()
    .catch(() => ({ width: 0, height: 0 }));
  const problem = imageDimensionsProblem(width, height);
  if (problem) throw new ImageRejectedError(width && height ? 'image_too_large' : 'not_an_image', problem);
  const folder = `products/${ids.tenantId}/${ids.productId}`;
  const version = randomBytes(6).toString('hex');
  for (const size of Object.values(PRODUCT_IMAGE_SIZES)) {
    const jpeg = await oneAtATime(() =>
      sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .flatten({ background: '#ffffff' })
        .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer(),
    ).catch(() => {
      // A sound header over broken pixel data: the photo's fault, not the server's.
      throw new ImageRejectedError('not_an_image', '圖片檔案已損毀或無法讀取，請換一張 JPG 或 PNG');
    });
    await storage.put(`${folder}/${version}/${size}.jpg`, jpeg, 'image/jpeg');
  }
  return `/media/${folder}/${version}`;
}
