import sharp from 'sharp';
import { z } from 'zod';
import { LINE_TARGET_ID } from './ids.ts';

/**
 * What LINE's rich menu API accepts (Messaging API reference, "Rich menu"): the menu object,
 * aliases, bulk links and the image, with LINE's error wording.
 */

export const RICH_MENU_MSG = {
  notFound: 'Not found',
  imageAlreadyUploaded: 'An image has already been uploaded to the richmenu',
  imageRequired: 'must upload richmenu image before applying it to user',
  imageSizeMismatch: 'The image size does not match the size of the rich menu',
  imageTooLarge: 'The image must be 1 MB or smaller',
  unsupportedMediaType: 'Unsupported media type',
  userHasNoRichMenu: 'the user has no richmenu',
  noDefault: 'no default richmenu',
  aliasConflict: 'conflict richmenu alias id',
  aliasNotFound: 'richmenu alias not found',
  menuNotFound: 'richmenu not found',
  menuImageNotFound: 'richmenu image not found',
  invalidImage: 'Invalid image',
  invalidUserId: "The value for the 'userId' parameter is invalid",
} as const;

export const IMAGE_MAX_BYTES = 1024 * 1024;
const BULK_MAX_USERS = 500;
const ALIAS_ID = /^[a-zA-Z0-9_-]{1,32}$/;

const len = (max: number) => ({ error: `Length must be between 0 and ${max}` });
const required = (max: number) => z.string().min(1, { error: 'May not be empty' }).max(max, len(max));
const uriSchema = z
  .string()
  .max(1000, len(1000))
  .regex(/^(https?|line|tel):/, { error: 'Invalid uri scheme (http, https, line and tel are allowed)' });

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.looseObject({
      type: z.literal('postback'),
      label: z.string().max(20, len(20)).optional(),
      data: required(300),
      displayText: z.string().max(300, len(300)).optional(),
    }),
    z.looseObject({ type: z.literal('message'), label: z.string().max(20, len(20)).optional(), text: required(300) }),
    z.looseObject({ type: z.literal('uri'), label: z.string().max(20, len(20)).optional(), uri: uriSchema }),
    z.looseObject({
      type: z.literal('richmenuswitch'),
      label: z.string().max(20, len(20)).optional(),
      richMenuAliasId: z.string().regex(ALIAS_ID, { error: 'Invalid rich menu alias ID' }),
      data: required(300),
    }),
    z.looseObject({
      type: z.literal('datetimepicker'),
      data: required(300),
      mode: z.enum(['date', 'time', 'datetime']),
    }),
    z.looseObject({ type: z.literal('camera'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({ type: z.literal('cameraRoll'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({ type: z.literal('location'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({
      type: z.literal('clipboard'),
      label: z.string().max(20, len(20)).optional(),
      clipboardText: required(1000),
    }),
  ],
  {
    error:
      'Must be one of the following values: [postback, message, uri, richmenuswitch, datetimepicker, camera, cameraRoll, location, clipboard]',
  },
);

const int = z.number().int({ error: 'must be an integer' });
const boundsSchema = z.object({
  x: int.min(0, { error: 'must be greater than or equal to 0' }),
  y: int.min(0, { error: 'must be greater than or equal to 0' }),
  width: int.min(1, { error: 'must be greater than or equal to 1' }),
  height: int.min(1, { error: 'must be greater than or equal to 1' }),
});

/**
 * A rich menu object. Sizes: width 800–2500 px, height at least 250 px, width / height at least
 * 1.45 (the classic 2500x1686, 2500x843, 1200x810, 1200x405, 800x540 and 800x270 all qualify);
 * 1–20 areas inside the image; chat bar text up to 14 characters.
 */
export const richMenuSchema = z
  .object({
    size: z.object({
      width: int
        .min(800, { error: 'must be between 800 and 2500' })
        .max(2500, { error: 'must be between 800 and 2500' }),
      height: int.min(250, { error: 'must be greater than or equal to 250' }),
    }),
    selected: z.boolean(),
    name: required(300),
    chatBarText: required(14),
    areas: z
      .array(z.object({ bounds: boundsSchema, action: actionSchema }))
      .min(1, { error: 'Size must be between 1 and 20' })
      .max(20, { error: 'Size must be between 1 and 20' }),
  })
  .superRefine((menu, ctx) => {
    if (menu.size.width / menu.size.height < 1.45) {
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        message: 'The aspect ratio (width / height) must be at least 1.45',
      });
    }
    menu.areas.forEach((area, i) => {
      const b = area.bounds;
      if (b.x + b.width > menu.size.width || b.y + b.height > menu.size.height) {
        ctx.addIssue({
          code: 'custom',
          path: ['areas', i, 'bounds'],
          message: 'The area must be within the rich menu',
        });
      }
    });
  });

export const aliasCreateSchema = z.object({
  richMenuAliasId: z.string().regex(ALIAS_ID, { error: 'Invalid rich menu alias ID' }),
  richMenuId: z.string().min(1, { error: 'May not be empty' }),
});
export const aliasUpdateSchema = z.object({ richMenuId: z.string().min(1, { error: 'May not be empty' }) });
const userIdsSchema = z
  .array(z.string().regex(LINE_TARGET_ID, { error: 'Invalid user ID' }))
  .min(1, { error: `Size must be between 1 and ${BULK_MAX_USERS}` })
  .max(BULK_MAX_USERS, { error: `Size must be between 1 and ${BULK_MAX_USERS}` });
export const bulkLinkSchema = z.object({
  richMenuId: z.string().min(1, { error: 'May not be empty' }),
  userIds: userIdsSchema,
});
export const bulkUnlinkSchema = z.object({ userIds: userIdsSchema });
export const switchSchema = z.object({ userId: z.string().min(1), richMenuAliasId: z.string().min(1) });

/** The image's media type, if LINE takes it (JPEG or PNG); anything else is a 415. */
export function imageContentType(header: string | undefined): 'image/jpeg' | 'image/png' | undefined {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'image/jpeg' || type === 'image/png' ? type : undefined;
}

/** Why LINE would refuse these bytes as the menu's image (≤ 1 MB, the declared format, exactly the menu's size). */
export async function imageProblem(
  data: Buffer,
  contentType: 'image/jpeg' | 'image/png',
  size: { width: number; height: number },
): Promise<{ status: number; message: string } | undefined> {
  if (data.length > IMAGE_MAX_BYTES) return { status: 413, message: RICH_MENU_MSG.imageTooLarge };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(data).metadata();
  } catch {
    return { status: 400, message: RICH_MENU_MSG.invalidImage };
  }
  const format = contentType === 'image/png' ? 'png' : 'jpeg';
  if (meta.format !== format) return { status: 400, message: RICH_MENU_MSG.invalidImage };
  if (meta.width !== size.width || meta.height !== size.height) {
    return { status: 400, message: RICH_MENU_MSG.imageSizeMismatch };
  }
  return undefined;
}
