import sharp from 'sharp';
import {
  imageDimensionsProblem,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  sniffImageType,
} from '../domain/catalog/image-type.ts';

/**
 * Uploaded pictures (product photos, a shop's logo and cover): checked by their bytes, then
 * re-encoded as JPEG, turned upright by their EXIF orientation and stripped of metadata such as
 * the phone's GPS position.
 */

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

/** Refuses what is not a JPEG/PNG of at most 5 MB with sane dimensions (ImageRejectedError). */
export async function checkImage(bytes: Buffer): Promise<void> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageRejectedError('image_too_large', '圖片不能超過 5MB');
  if (!sniffImageType(bytes)) throw new ImageRejectedError('not_an_image', '只接受 JPG 或 PNG 圖片');
  // The header alone: its dimensions are checked before a single pixel is decoded.
  const { width = 0, height = 0 } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
    .metadata()
    .catch(() => ({ width: 0, height: 0 }));
  const problem = imageDimensionsProblem(width, height);
  if (problem) throw new ImageRejectedError(width && height ? 'image_too_large' : 'not_an_image', problem);
}

/** A checked image as a JPEG of the given box: `inside` keeps the whole picture, `cover` crops to fill. */
export function renderJpeg(
  bytes: Buffer,
  box: { width: number; height: number; fit: 'inside' | 'cover' },
): Promise<Buffer> {
  return oneAtATime(() =>
    sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ ...box, withoutEnlargement: box.fit === 'inside' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer(),
  ).catch(() => {
    // A sound header over broken pixel data: the picture's fault, not the server's.
    throw new ImageRejectedError('not_an_image', '圖片檔案已損毀或無法讀取，請換一張 JPG 或 PNG');
  });
}
