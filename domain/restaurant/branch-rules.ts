import { z } from 'zod';
import { isValidPhone, normalizePhone } from '../team/credentials.ts';

/**
 * What a branch (分店) may be, shared by the API (which enforces it) and the admin form (which
 * explains it before the merchant presses 儲存): the same zh-TW messages on both sides.
 */
export const BRANCH_NAME_MAX = 40;
export const BRANCH_ADDRESS_MAX = 200;
export const BRANCH_MAP_URL_MAX = 500;

/** Whether a branch takes online orders now (線上點餐狀態). */
export const ORDERING_STATUSES = ['accepting', 'paused'] as const;
export type OrderingStatus = (typeof ORDERING_STATUSES)[number];

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `請輸入${label}` })
    .trim()
    .min(1, `請輸入${label}`)
    .max(max, `${label}最多 ${max} 個字`)
    .refine((text) => !/\p{Cc}/u.test(text), `${label}不能有控制字元`);

const coordinate = (label: string) =>
  z
    .number({ error: `${label}必須是數字` })
    .refine(Number.isFinite, `${label}必須是數字`)
    .nullable();

export const branchFields = {
  name: requiredText('分店名稱', BRANCH_NAME_MAX),
  address: requiredText('地址', BRANCH_ADDRESS_MAX),
  phone: z
    .string({ error: '請輸入電話' })
    .transform(normalizePhone)
    .refine((phone) => phone.length > 0, '請輸入電話')
    .refine(
      (phone) => phone.length === 0 || isValidPhone(phone),
      '請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678',
    ),
  mapUrl: z
    .string({ error: '地圖連結必須是網址' })
    .trim()
    .max(BRANCH_MAP_URL_MAX, `地圖連結最多 ${BRANCH_MAP_URL_MAX} 個字`)
    .refine((text) => text === '' || isWebUrl(text), '地圖連結必須是 https:// 或 http:// 開頭的網址')
    .nullish()
    .transform((text) => text || null),
  latitude: coordinate('緯度'),
  longitude: coordinate('經度'),
};

/** An http(s) address with a real host name (not "https://localhost", not "javascript:"). */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

type Coordinates = { latitude?: number | null; longitude?: number | null };

/**
 * Latitude and longitude come together (both or neither) and in range. Taiwan's are about
 * 22–25 and 120–122: a latitude over 90 that would fit as a longitude is most likely swapped.
 */
function checkCoordinates(input: Coordinates, ctx: z.RefinementCtx): void {
  const { latitude, longitude } = input;
  const lat = latitude ?? null;
  const lng = longitude ?? null;
  if ((lat === null) !== (lng === null)) {
    const missing = lat === null ? 'latitude' : 'longitude';
    ctx.addIssue({ code: 'custom', path: [missing], message: '緯度和經度要一起填，或都留空' });
    return;
  }
  if (lat === null || lng === null) return;
  const swapped = Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lng) <= 90;
  if (Math.abs(lat) > 90) {
    ctx.addIssue({
      code: 'custom',
      path: ['latitude'],
      message: swapped ? '緯度必須介於 -90 到 90，看起來和經度填反了' : '緯度必須介於 -90 到 90',
    });
  }
  if (Math.abs(lng) > 180) ctx.addIssue({ code: 'custom', path: ['longitude'], message: '經度必須介於 -180 到 180' });
}

/**
 * The pair check runs even when other fields are wrong (so a form shows every problem at once),
 * once the body is an object and both coordinates are numbers or empty.
 */
const coordinatesReadable = {
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some(({ path = [] }) => path.length === 0 || ['latitude', 'longitude'].includes(String(path[0]))),
};

/** A new branch: name, address and phone required; map link and coordinates optional. */
export const newBranchSchema = z
  .strictObject({
    name: branchFields.name,
    address: branchFields.address,
    phone: branchFields.phone,
    mapUrl: branchFields.mapUrl.default(null),
    latitude: branchFields.latitude.default(null),
    longitude: branchFields.longitude.default(null),
  })
  .superRefine(checkCoordinates, coordinatesReadable);

/**
 * An edit: any of the fields; coordinates only as a pair (so the pair stays whole). The online
 * ordering status has its own switch and route, never an edit.
 */
export const branchEditSchema = z
  .strictObject({
    name: branchFields.name.optional(),
    address: branchFields.address.optional(),
    phone: branchFields.phone.optional(),
    mapUrl: branchFields.mapUrl.optional(),
    latitude: branchFields.latitude.optional(),
    longitude: branchFields.longitude.optional(),
    orderingStatus: z.never({ error: '線上點餐狀態請用開關切換' }).optional(),
  })
  .refine((edit) => Object.keys(edit).length > 0, '沒有要修改的欄位')
  .superRefine((edit, ctx) => {
    if ('latitude' in edit !== 'longitude' in edit) {
      const missing = 'latitude' in edit ? 'longitude' : 'latitude';
      ctx.addIssue({ code: 'custom', path: [missing], message: '緯度和經度要一起修改' });
      return;
    }
    checkCoordinates(edit, ctx);
  }, coordinatesReadable);

/** PUT /api/t/:tenant/branches/:branchId/ordering: the switch. */
export const orderingSwitchSchema = z.strictObject({
  status: z.enum(ORDERING_STATUSES, { error: '線上點餐狀態只能是接單中（accepting）或暫停（paused）' }),
});

export type NewBranchInput = z.infer<typeof newBranchSchema>;
export type BranchEdit = z.infer<typeof branchEditSchema>;

const MAP_COORDINATES = [
  // Google Maps place and view links: …/@25.0339639,121.5644722,17z
  /@(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)/,
  // Their data segment: !3d25.0339639!4d121.5644722
  /!3d(-?\d{1,3}(?:\.\d+)?)!4d(-?\d{1,3}(?:\.\d+)?)/,
  // Search and directions links: ?q=25.03,121.56 / ?ll= / ?query= / ?destination=
  /[?&](?:q|ll|query|destination)=(-?\d{1,3}(?:\.\d+)?)(?:,|%2C)\s*(-?\d{1,3}(?:\.\d+)?)/i,
];

/**
 * The coordinates a map link spells out, if it does (so the form can fill them in); null for a
 * short link (maps.app.goo.gl) or one without numbers, or numbers out of range.
 */
export function coordinatesFromMapUrl(url: string): { latitude: number; longitude: number } | null {
  for (const pattern of MAP_COORDINATES) {
    const match = pattern.exec(url);
    if (!match) continue;
    const latitude = Number(match[1]);
    const longitude = Number(match[2]);
    if (Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) return { latitude, longitude };
  }
  return null;
}
