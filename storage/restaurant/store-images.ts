import { randomBytes } from 'node:crypto';
import { STORE_IMAGE_BOXES, type StoreImageKind } from '../../domain/restaurant/store-profile.ts';
import type { FileStorage } from '../file-storage.ts';
import { checkImage, renderJpeg } from '../images.ts';

const MEDIA = '/media/';

/**
 * Stores a shop's logo or cover, checked like a product photo and cropped to fill its box
 * (STORE_IMAGE_BOXES), in a folder of its own random version so the URL can be cached forever.
 * Returns the picture's URL (/media/shops/<tenant>/<kind>/<version>/<w>x<h>.jpg).
 */
export async function storeShopImage(
  storage: FileStorage,
  tenantId: string,
  kind: StoreImageKind,
  bytes: Buffer,
): Promise<string> {
  await checkImage(bytes);
  const box = STORE_IMAGE_BOXES[kind];
  const jpeg = await renderJpeg(bytes, { ...box, fit: 'cover' });
  const key = `shops/${tenantId}/${kind}/${randomBytes(6).toString('hex')}/${box.width}x${box.height}.jpg`;
  await storage.put(key, jpeg, 'image/jpeg');
  return MEDIA + key;
}

/** Deletes a picture storeShopImage stored (its version folder); anything else is left alone. */
export async function deleteShopImage(storage: FileStorage, tenantId: string, url: string | null): Promise<void> {
  const prefix = `${MEDIA}shops/${tenantId}/`;
  if (!url?.startsWith(prefix)) return;
  await storage.deletePrefix(url.slice(MEDIA.length, url.lastIndexOf('/')));
}
