import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { STORE_IMAGE_BOXES, type StoreImageKind } from '../../domain/restaurant/store-profile.ts';
import { isSafeStorageKey, type FileStorage } from '../file-storage.ts';
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

/**
 * The bytes of a shop picture by its URL (relative, or absolute with our origin), read from
 * storage on the server itself; null when the URL is not one of ours or the file is gone.
 */
export async function readShopImage(storage: FileStorage, url: string | null): Promise<Buffer | null> {
  if (!url) return null;
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  const key = path.startsWith(`${MEDIA}shops/`) ? path.slice(MEDIA.length) : null;
  if (!key || !isSafeStorageKey(key)) return null;
  const file = await storage.get(key);
  return file ? buffer(file.stream) : null;
}
