import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageRejectedError } from '../images.ts';
import { createLocalDiskStorage } from '../local-disk.ts';
import { deleteShopImage, storeShopImage } from './store-images.ts';

const root = mkdtempSync(join(tmpdir(), 'jiayi-shop-images-'));
const storage = createLocalDiskStorage(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer();
const files = () =>
  readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.jpg'));
const keyOf = (url: string) => url.slice('/media/'.length);
async function exists(url: string): Promise<boolean> {
  const file = await storage.get(keyOf(url));
  if (file) await buffer(file.stream);
  return file !== null;
}

describe('storeShopImage', () => {
  it('crops a logo to a 512 square and a cover to 1600 × 600, whatever the upload', async () => {
    const logo = await storeShopImage(storage, 't1', 'logo', await photo(900, 600));
    const cover = await storeShopImage(storage, 't1', 'cover', await photo(800, 800));
    expect(logo).toMatch(/^\/media\/shops\/t1\/logo\/[0-9a-f]{12}\/512x512\.jpg$/);
    expect(cover).toMatch(/^\/media\/shops\/t1\/cover\/[0-9a-f]{12}\/1600x600\.jpg$/);
    const read = async (url: string) => sharp(await buffer((await storage.get(keyOf(url)))!.stream)).metadata();
    expect(await read(logo)).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
    expect(await read(cover)).toMatchObject({ format: 'jpeg', width: 1600, height: 600 });
  });

  it('refuses what is not a picture and stores nothing', async () => {
    const before = files().length;
    await expect(storeShopImage(storage, 't2', 'logo', Buffer.from('MZ not a picture'))).rejects.toEqual(
      new ImageRejectedError('not_an_image', '只接受 JPG 或 PNG 圖片'),
    );
    expect(files()).toHaveLength(before);
  });
});

describe('deleteShopImage', () => {
  it("deletes the shop's own picture and leaves another shop's and foreign URLs alone", async () => {
    const mine = await storeShopImage(storage, 't3', 'logo', await photo(64, 64));
    const theirs = await storeShopImage(storage, 't4', 'logo', await photo(64, 64));
    await deleteShopImage(storage, 't3', theirs);
    await deleteShopImage(storage, 't3', 'https://example.com/logo.png');
    await deleteShopImage(storage, 't3', null);
    expect(await exists(theirs)).toBe(true);
    await deleteShopImage(storage, 't3', mine);
    expect(await exists(mine)).toBe(false);
    expect(await exists(theirs)).toBe(true);
  });
});
