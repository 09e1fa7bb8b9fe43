import { randomBytes } from 'node:crypto';
import { PRODUCT_IMAGE_SIZES } from '../../domain/catalog/image-type.ts';
import type { FileStorage } from '../file-storage.ts';
import { checkImage, renderJpeg } from '../images.ts';

export { ImageRejectedError } from '../images.ts';

/**
 * Checks a product photo by its bytes (JPEG/PNG, ≤ 5 MB, really decodable), then stores it
 * in every size of PRODUCT_IMAGE_SIZES as JPEG (what LINE image messages accept).
 * Returns the base path the sizes hang off (see domain/catalog/image-type.ts productImageUrls).
 */
export async function storeProductImage(
  storage: FileStorage,
  ids: { tenantId: string; productId: string },
  bytes: Buffer,
): Promise<string> {
  await checkImage(bytes);
  const folder = `products/${ids.tenantId}/${ids.productId}`;
  const version = randomBytes(6).toString('hex');
  for (const size of Object.values(PRODUCT_IMAGE_SIZES)) {
    const jpeg = await renderJpeg(bytes, { width: size, height: size, fit: 'inside' });
    await storage.put(`${folder}/${version}/${size}.jpg`, jpeg, 'image/jpeg');
  }
  return `/media/${folder}/${version}`;
}
