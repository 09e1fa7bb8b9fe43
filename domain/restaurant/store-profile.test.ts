import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import {
  ANNOUNCEMENT_MAX,
  defaultStoreProfile,
  isAnnouncementShown,
  nextAnnouncementChange,
  publicStoreProfile,
  readStoreProfile,
  storeProfileSchema,
  taipeiLocalToInstant,
  type StoreProfile,
} from './store-profile.ts';
import { THEME_PRESETS } from './store-theme.ts';

const base = defaultStoreProfile('好食堂');
const refusals = (input: object) => {
  const result = storeProfileSchema.safeParse({ ...base, ...input });
  return result.success ? {} : fieldErrors(result.error);
};

describe('taipeiLocalToInstant', () => {
  it('reads a Taipei wall-clock minute (UTC+8)', () => {
    expect(taipeiLocalToInstant('2026-12-25T00:00')?.toISOString()).toBe('2026-12-24T16:00:00.000Z');
    expect(taipeiLocalToInstant('2026-01-01T07:59')?.toISOString()).toBe('2025-12-31T23:59:00.000Z');
  });

  it('refuses minutes that do not exist', () => {
    for (const bad of ['2026-02-30T10:00', '2026-12-25T24:00', '2026-12-25 10:00', '2026-12-25T10:00:00', ''])
      expect(taipeiLocalToInstant(bad), bad).toBeNull();
  });
});

describe('isAnnouncementShown at Taipei midnight', () => {
  // 12/25 00:00 to 12/26 00:00 Taipei = 12/24 16:00Z to 12/25 16:00Z.
  const christmas = {
    announcement: '聖誕節全品項九折',
    announcementStartsAt: '2026-12-25T00:00',
    announcementEndsAt: '2026-12-26T00:00',
  };

  it('is hidden the last millisecond before Taipei midnight and shown from midnight on', () => {
    expect(isAnnouncementShown(christmas, new Date('2026-12-24T15:59:59.999Z'))).toBe(false);
    expect(isAnnouncementShown(christmas, new Date('2026-12-24T16:00:00.000Z'))).toBe(true);
  });

  it('is shown all of the UTC 12/25 morning (still 12/25 evening in Taipei) and gone at the next Taipei midnight', () => {
    expect(isAnnouncementShown(christmas, new Date('2026-12-25T15:59:59.999Z'))).toBe(true);
    expect(isAnnouncementShown(christmas, new Date('2026-12-25T16:00:00.000Z'))).toBe(false);
  });

  it('with no period is shown whenever it has text; never when empty', () => {
    const always = { announcement: '本店週一公休', announcementStartsAt: null, announcementEndsAt: null };
    expect(isAnnouncementShown(always, new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(isAnnouncementShown({ ...christmas, announcement: '' }, new Date('2026-12-25T04:00:00Z'))).toBe(false);
  });

  it('with only an end is shown until then; with only a start from then on', () => {
    const until = { announcement: '試營運', announcementStartsAt: null, announcementEndsAt: '2026-12-26T00:00' };
    expect(isAnnouncementShown(until, new Date('2026-12-25T15:59:00Z'))).toBe(true);
    expect(isAnnouncementShown(until, new Date('2026-12-25T16:00:00Z'))).toBe(false);
    const from = { announcement: '新品上市', announcementStartsAt: '2026-12-25T00:00', announcementEndsAt: null };
    expect(isAnnouncementShown(from, new Date('2026-12-24T15:59:00Z'))).toBe(false);
    expect(isAnnouncementShown(from, new Date('2027-06-01T00:00:00Z'))).toBe(true);
  });

  it('names the next edge for open pages to reload at', () => {
    expect(nextAnnouncementChange(christmas, new Date('2026-12-20T00:00:00Z'))?.toISOString()).toBe(
      '2026-12-24T16:00:00.000Z',
    );
    expect(nextAnnouncementChange(christmas, new Date('2026-12-24T16:00:00Z'))?.toISOString()).toBe(
      '2026-12-25T16:00:00.000Z',
    );
    expect(nextAnnouncementChange(christmas, new Date('2026-12-26T00:00:00Z'))).toBeNull();
    expect(nextAnnouncementChange({ ...christmas, announcement: '' }, new Date('2026-12-20T00:00:00Z'))).toBeNull();
  });
});

describe('storeProfileSchema', () => {
  it('accepts a full profile, normalising the phone and the colour', () => {
    const result = storeProfileSchema.parse({
      ...base,
      description: '台南老字號牛肉湯\n每天現熬',
      phone: '06-222-3344',
      lineUrl: 'https://lin.ee/AbC123',
      facebookUrl: 'https://www.facebook.com/haoshitang',
      instagramUrl: 'https://instagram.com/haoshitang',
      websiteUrl: 'https://haoshitang.com.tw',
      announcement: '12/25 店休一天',
      announcementStartsAt: '2026-12-20T09:00',
      announcementEndsAt: '2026-12-26T00:00',
      theme: 'custom',
      customColor: '#6A1B9A',
    });
    expect(result.phone).toBe('062223344');
    expect(result.customColor).toBe('#6a1b9a');
    expect(result.description).toBe('台南老字號牛肉湯\n每天現熬');
  });

  it('names every wrong field at once, in zh-TW', () => {
    expect(
      refusals({
        displayName: ' ',
        phone: '123',
        lineUrl: 'javascript:alert(1)',
        instagramUrl: 'https://www.facebook.com/x',
        announcement: '公'.repeat(ANNOUNCEMENT_MAX + 1),
        announcementStartsAt: '2026-02-30T10:00',
        theme: 'neon',
      }),
    ).toEqual({
      displayName: '請輸入店名',
      phone: '請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678',
      lineUrl: 'LINE 官方帳號連結必須是 https:// 開頭的網址，例如 https://lin.ee/abcd123',
      instagramUrl: 'Instagram 連結看起來不是對的網址，例如 https://www.instagram.com/yourshop',
      announcement: `公告最多 ${ANNOUNCEMENT_MAX} 個字`,
      announcementStartsAt: '公告開始時間不是有效的日期時間',
      theme: '請選擇一種頁面風格',
    });
  });

  it('takes an announcement of exactly 200 characters', () => {
    expect(refusals({ announcement: '公'.repeat(ANNOUNCEMENT_MAX) })).toEqual({});
  });

  it('refuses an end not after the start, and a custom theme without a readable colour', () => {
    expect(refusals({ announcementStartsAt: '2026-12-25T00:00', announcementEndsAt: '2026-12-25T00:00' })).toEqual({
      announcementEndsAt: '公告結束時間要晚於開始時間',
    });
    expect(refusals({ theme: 'custom', customColor: null })).toEqual({ customColor: '請輸入自訂顏色' });
    expect(refusals({ theme: 'custom', customColor: '#FFEB3B' }).customColor).toMatch(/^這個顏色太淺/);
  });

  it('runs the cross checks beside other field errors', () => {
    expect(refusals({ displayName: '', theme: 'custom', customColor: '#ffeb3b' })).toMatchObject({
      displayName: '請輸入店名',
      customColor: expect.stringMatching(/太淺/),
    });
  });

  it('with a preset, keeps a remembered custom colour only when it could be used', () => {
    expect(storeProfileSchema.parse({ ...base, theme: 'ink', customColor: '#6a1b9a' }).customColor).toBe('#6a1b9a');
    expect(storeProfileSchema.parse({ ...base, theme: 'ink', customColor: '#ffeb3b' }).customColor).toBeNull();
  });

  it('refuses unknown keys', () => {
    expect(storeProfileSchema.safeParse({ ...base, logoUrl: 'https://x.com/a.png' }).success).toBe(false);
  });
});

describe('readStoreProfile', () => {
  it('fills what an older row lacks', () => {
    expect(readStoreProfile({ displayName: '阿明麵店' }, '好食堂')).toEqual({ ...base, displayName: '阿明麵店' });
    expect(readStoreProfile(null, '好食堂')).toEqual(base);
  });

  it('replaces only the fields today’s rules refuse, and drops keys it no longer knows', () => {
    const stale = { displayName: '阿明麵店', announcement: '公休', theme: 'custom', customColor: '#ffeb3b', logo: 'x' };
    // The colour is refused, and so the custom theme left without one: the default preset.
    expect(readStoreProfile(stale, '好食堂')).toEqual({ ...base, displayName: '阿明麵店', announcement: '公休' });
    expect(readStoreProfile({ displayName: 7, phone: '0912345678' }, '好食堂')).toEqual({
      ...base,
      phone: '0912345678',
    });
  });
});

describe('publicStoreProfile', () => {
  const profile: StoreProfile = {
    ...base,
    lineUrl: 'https://lin.ee/AbC123',
    announcement: '聖誕節全品項九折',
    announcementStartsAt: '2026-12-25T00:00',
    announcementEndsAt: '2026-12-26T00:00',
    theme: 'brick_red',
  };
  const images = { logoUrl: '/media/shops/t/logo/v/512.jpg', coverUrl: null };

  it('shows the announcement only inside its period and says when to reload', () => {
    const before = publicStoreProfile(profile, images, new Date('2026-12-24T12:00:00Z'));
    expect(before.announcement).toBeNull();
    expect(before.refreshAt).toBe('2026-12-24T16:00:00.000Z');
    const during = publicStoreProfile(profile, images, new Date('2026-12-25T04:00:00Z'));
    expect(during.announcement).toBe('聖誕節全品項九折');
    expect(during.refreshAt).toBe('2026-12-25T16:00:00.000Z');
  });

  it('carries links (empty as null), the theme colours and the image URLs', () => {
    const shown = publicStoreProfile(profile, images, new Date('2026-12-25T04:00:00Z'));
    expect(shown.links).toEqual({ line: 'https://lin.ee/AbC123', facebook: null, instagram: null, website: null });
    expect(shown.theme.brand).toBe(THEME_PRESETS.brick_red);
    expect(shown.logoUrl).toBe(images.logoUrl);
    expect(shown.coverUrl).toBeNull();
  });
});
