/**
 * Product photos are JPEG or PNG, up to 5 MB, judged by their bytes, never by
 * their file name or the browser's claimed type: a renamed .exe is not a photo.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export type ImageType = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

/**
 * A photo's dimensions, read from its header before anything is decoded. A phone's largest
 * photo (48 MP, 8064 × 6048) fits; a "decompression bomb" (1 × 49,000,000 px in 95 KB, half a
 * minute of decoding) or a banner a hundred times longer than wide does not.
 */
export const MAX_IMAGE_SIDE_PX = 10_000;
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MAX_IMAGE_ASPECT = 20;

/** Why a photo of these dimensions is refused (zh-TW, for the merchant), or null when it may be used. */
export function imageDimensionsProblem(width: number, height: number): string | null {
  if (!(width >= 1 && height >= 1)) return '圖片檔案已損毀或無法讀取，請換一張 JPG 或 PNG';
  if (Math.max(width, height) > MAX_IMAGE_SIDE_PX || width * height > MAX_IMAGE_PIXELS)
    return `圖片尺寸太大（${width} × ${height}），長邊請在 ${MAX_IMAGE_SIDE_PX.toLocaleString('en-US')} 像素以內`;
  if (Math.max(width, height) / Math.min(width, height) > MAX_IMAGE_ASPECT)
    return `圖片太細長（${width} × ${height}），長寬比請在 ${MAX_IMAGE_ASPECT}:1 以內`;
  return null;
}

/** The sizes every product photo is stored in (longest side, px): list thumbnails, cards, LINE. */
export const PRODUCT_IMAGE_SIZES = { thumb: 240, card: 480, full: 1080 } as const;
export type ProductImageSize = keyof typeof PRODUCT_IMAGE_SIZES;

/** A stored photo's URLs, from the base path kept on the product. */
export function productImageUrls(base: string | null): Record<ProductImageSize, string> | null {
  if (!base) return null;
  return {
    thumb: `${base}/${PRODUCT_IMAGE_SIZES.thumb}.jpg`,
    card: `${base}/${PRODUCT_IMAGE_SIZES.card}.jpg`,
    full: `${base}/${PRODUCT_IMAGE_SIZES.full}.jpg`,
  };
}
