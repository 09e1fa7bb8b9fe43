import { z } from 'zod';
import { isValidPhone, normalizePhone } from '../team/credentials.ts';
import { isWebUrl } from './branch-rules.ts';
import {
  brandColorProblem,
  checkTheme,
  DEFAULT_THEME,
  themeColors,
  themeFields,
  type ThemeColors,
} from './store-theme.ts';

/**
 * A shop's profile as its customers see it (店家資料): the name and a few lines about the shop,
 * how to reach it, an announcement (公告) shown for a period, and the page colours
 * (store-theme.ts). Shared by the API (which enforces it) and the admin page (which explains
 * it before 儲存). Flat keys, so every refusal names one form field.
 */

export const DISPLAY_NAME_MAX = 40;
export const DESCRIPTION_MAX = 160;
export const ANNOUNCEMENT_MAX = 200;
export const URL_MAX = 300;

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** A wall-clock minute in Asia/Taipei, as an <input type="datetime-local"> gives it. */
const LOCAL_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The instant of a Taipei wall-clock 'YYYY-MM-DDTHH:mm', or null when it is no real minute. */
export function taipeiLocalToInstant(text: string): Date | null {
  const m = LOCAL_MINUTE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute);
  // Date rolls 02-30 over to 03-02: a day or hour that does not exist comes back different.
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day || utc.getUTCHours() !== hour) return null;
  return new Date(utc.getTime() - TAIPEI_OFFSET_MS);
}

const noControl = (text: string) => !/[\p{Cc}--[\n]]/v.test(text);

const optionalText = (label: string, max: number, lines = false) =>
  z
    .string({ error: `${label}必須是文字` })
    .trim()
    .max(max, `${label}最多 ${max} 個字`)
    .refine(lines ? noControl : (text) => !/\p{Cc}/u.test(text), `${label}不能有控制字元`);

const link = (label: string, example: string, hosts: readonly string[] | null) =>
  z
    .string({ error: `${label}必須是網址` })
    .trim()
    .max(URL_MAX, `${label}最多 ${URL_MAX} 個字`)
    .refine((text) => text === '' || isWebUrl(text), `${label}必須是 https:// 開頭的網址，例如 ${example}`)
    .refine(
      (text) => text === '' || !isWebUrl(text) || hosts === null || hosts.some((h) => hostIs(text, h)),
      `${label}看起來不是對的網址，例如 ${example}`,
    );

function hostIs(url: string, host: string): boolean {
  const name = new URL(url).hostname.toLowerCase();
  return name === host || name.endsWith(`.${host}`);
}

const minute = (label: string) =>
  z
    .string({ error: `${label}格式不正確` })
    .nullish()
    .transform((text) => text || null)
    .refine((text) => text === null || taipeiLocalToInstant(text) !== null, `${label}不是有效的日期時間`);

const CROSS_CHECKED = ['theme', 'customColor', 'announcementStartsAt', 'announcementEndsAt'];

export const storeProfileSchema = z
  .strictObject({
    displayName: optionalText('店名', DISPLAY_NAME_MAX).refine((text) => text.length > 0, '請輸入店名'),
    description: optionalText('店家簡介', DESCRIPTION_MAX, true),
    phone: z
      .string({ error: '電話必須是文字' })
      .transform(normalizePhone)
      .refine(
        (phone) => phone === '' || isValidPhone(phone),
        '請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678',
      ),
    lineUrl: link('LINE 官方帳號連結', 'https://lin.ee/abcd123', ['lin.ee', 'line.me']),
    facebookUrl: link('Facebook 連結', 'https://www.facebook.com/yourshop', ['facebook.com', 'fb.com', 'fb.me']),
    instagramUrl: link('Instagram 連結', 'https://www.instagram.com/yourshop', ['instagram.com']),
    websiteUrl: link('網站連結', 'https://www.example.com.tw', null),
    announcement: optionalText('公告', ANNOUNCEMENT_MAX, true),
    announcementStartsAt: minute('公告開始時間'),
    announcementEndsAt: minute('公告結束時間'),
    ...themeFields,
  })
  .check((payload) => {
    // Cross checks run beside the field errors once the fields they read are readable.
    if (payload.issues.some(({ path = [] }) => path.length === 0 || CROSS_CHECKED.includes(String(path[0])))) return;
    const value = payload.value;
    const ctx = {
      addIssue: (issue: { path: string[]; message: string }) =>
        payload.issues.push({ code: 'custom', input: value, ...issue }),
    } as unknown as z.RefinementCtx;
    checkTheme(value, ctx);
    const { announcementStartsAt: start, announcementEndsAt: end } = value;
    if (start && end && taipeiLocalToInstant(end)! <= taipeiLocalToInstant(start)!)
      ctx.addIssue({ code: 'custom', path: ['announcementEndsAt'], message: '公告結束時間要晚於開始時間' });
  })
  // A preset theme keeps the custom colour for later only when it could be used.
  .transform((value) => ({
    ...value,
    customColor: value.customColor && !brandColorProblem(value.customColor) ? value.customColor : null,
  }));

export type StoreProfile = z.output<typeof storeProfileSchema>;
export type StoreProfileInput = z.input<typeof storeProfileSchema>;

export function defaultStoreProfile(shopName: string): StoreProfile {
  return {
    displayName: shopName.slice(0, DISPLAY_NAME_MAX),
    description: '',
    phone: '',
    lineUrl: '',
    facebookUrl: '',
    instagramUrl: '',
    websiteUrl: '',
    announcement: '',
    announcementStartsAt: null,
    announcementEndsAt: null,
    theme: DEFAULT_THEME,
    customColor: null,
  };
}

/**
 * A stored profile (JSON of an older shape, or none) read as today's: the defaults fill what is
 * missing and replace only the fields today's rules refuse, so one stale field loses nothing else.
 */
export function readStoreProfile(stored: unknown, shopName: string): StoreProfile {
  const defaults = defaultStoreProfile(shopName);
  const merged: Record<string, unknown> = {
    ...defaults,
    ...(typeof stored === 'object' && stored !== null ? stored : {}),
  };
  // A few passes: unknown keys go first (until then the cross checks wait), then a refused
  // colour, then the custom theme it leaves without one.
  for (let pass = 0; pass < 4; pass++) {
    const parsed = storeProfileSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) delete merged[key];
      const key = String(issue.path[0] ?? '');
      if (key === 'customColor' && merged.customColor === defaults.customColor) merged.theme = defaults.theme;
      if (key in defaults) merged[key] = defaults[key as keyof StoreProfile];
    }
  }
  return defaults;
}

type AnnouncementPeriod = Pick<StoreProfile, 'announcement' | 'announcementStartsAt' | 'announcementEndsAt'>;

/** Whether customers see the announcement at `now`: it has text, has started and not yet ended. */
export function isAnnouncementShown(profile: AnnouncementPeriod, now: Date): boolean {
  if (profile.announcement === '') return false;
  const start = profile.announcementStartsAt ? taipeiLocalToInstant(profile.announcementStartsAt) : null;
  const end = profile.announcementEndsAt ? taipeiLocalToInstant(profile.announcementEndsAt) : null;
  return (start === null || now >= start) && (end === null || now < end);
}

/**
 * The next instant the announcement appears or disappears by itself, or null: open customer
 * pages reload then, since no save bumps the menu version at that moment.
 */
export function nextAnnouncementChange(profile: AnnouncementPeriod, now: Date): Date | null {
  if (profile.announcement === '') return null;
  const edges = [profile.announcementStartsAt, profile.announcementEndsAt]
    .map((text) => (text ? taipeiLocalToInstant(text) : null))
    .filter((at): at is Date => at !== null && at > now);
  return edges.length ? new Date(Math.min(...edges.map(Number))) : null;
}

/** The profile as the customer pages get it (GET /api/menu/:tenant `store`). */
export interface PublicStoreProfile {
  displayName: string;
  description: string;
  phone: string;
  links: { line: string | null; facebook: string | null; instagram: string | null; website: string | null };
  /** Only while shown. */
  announcement: string | null;
  /** When the answer changes by itself (an announcement starts or ends); reload then. */
  refreshAt: string | null;
  theme: ThemeColors;
  logoUrl: string | null;
  coverUrl: string | null;
}

export function publicStoreProfile(
  profile: StoreProfile,
  images: { logoUrl: string | null; coverUrl: string | null },
  now: Date,
): PublicStoreProfile {
  const orNull = (text: string) => text || null;
  return {
    displayName: profile.displayName,
    description: profile.description,
    phone: profile.phone,
    links: {
      line: orNull(profile.lineUrl),
      facebook: orNull(profile.facebookUrl),
      instagram: orNull(profile.instagramUrl),
      website: orNull(profile.websiteUrl),
    },
    announcement: isAnnouncementShown(profile, now) ? profile.announcement : null,
    refreshAt: nextAnnouncementChange(profile, now)?.toISOString() ?? null,
    theme: themeColors(profile.theme, profile.customColor),
    logoUrl: images.logoUrl,
    coverUrl: images.coverUrl,
  };
}

/** A shop's two pictures and the box each is cropped to fill: a square logo, a wide cover. */
export const STORE_IMAGE_BOXES = {
  logo: { width: 512, height: 512 },
  cover: { width: 1600, height: 600 },
} as const;
export type StoreImageKind = keyof typeof STORE_IMAGE_BOXES;
export const STORE_IMAGE_KINDS = Object.keys(STORE_IMAGE_BOXES) as StoreImageKind[];
