import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES, PRODUCT_IMAGE_SIZES, sniffImageType } from '../../domain/catalog/image-type.ts';
import type { FileStorage } from '../file-storage.ts';

export class ImageRejectedError extends Error {
  readonly code: 'image_too_large' | 'not_an_image';
  constructor(code: 'image_too_large' | 'not_an_image', message: string) {
    super(message);
    this.name = 'ImageRejectedError';
    this.code = code;
  }
}

/** Decoded images larger than this many pixels are refused (a "decompression bomb"). */
const MAX_PIXELS = 50_000_000;

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
  try {
    await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new ImageRejectedError('not_an_image', '圖片檔案已損毀或無法讀取，請換一張 JPG 或 PNG');
  }
  const folder = `products/${ids.tenantId}/${ids.productId}`;
  const version = randomBytes(6).toString('hex');
  for (const size of Object.values(PRODUCT_IMAGE_SIZES)) {
    const jpeg = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
    await storage.put(`${folder}/${version}/${size}.jpg`, jpeg, 'image/jpeg');
  }
  return `/media/${folder}/${version}`;
}
