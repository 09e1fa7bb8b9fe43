import { z } from 'zod';

/**
 * The colours of a shop's customer pages (頁面風格): a named preset or the shop's own brand
 * colour. The brand colour fills the header and the buttons and colours prices and links on the
 * white page, so it must read as text on white at WCAG AA (4.5:1); the text on a button is
 * white or black, whichever contrasts more. Pure functions: the admin preview and the public
 * API derive the same colours.
 */

export const MIN_TEXT_CONTRAST = 4.5;
const WHITE = '#ffffff';
const BLACK = '#000000';

/** Presets a Taiwanese shop would pick; every one passes the contrast rule (tested). */
export const THEME_PRESETS = {
  tea_green: '#2e7d32',
  brick_red: '#b3261e',
  sunset_orange: '#b45309',
  harbour_blue: '#1d4ed8',
  milk_tea: '#7c4a2d',
  ink: '#1f2937',
} as const;
export type ThemePreset = keyof typeof THEME_PRESETS;
export const THEME_CHOICES = [...(Object.keys(THEME_PRESETS) as ThemePreset[]), 'custom'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const DEFAULT_THEME: ThemePreset = 'tea_green';

const HEX = /^#[0-9a-f]{6}$/;

/** '#RGB' or '#RRGGBB' in any case → '#rrggbb'; anything else unchanged (the schema refuses it). */
export function normalizeHex(text: string): string {
  const t = text.trim().toLowerCase();
  return /^#[0-9a-f]{3}$/.test(t) ? `#${t[1]}${t[1]}${t[2]}${t[2]}${t[3]}${t[3]}` : t;
}

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of '#rrggbb'. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two '#rrggbb' colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The zh-TW reason a custom brand colour is refused, or null when it may be used. */
export function brandColorProblem(hex: string): string | null {
  if (!HEX.test(hex)) return '顏色格式請用 #RRGGBB，例如 #2E7D32';
  const ratio = contrastRatio(hex, WHITE);
  if (ratio < MIN_TEXT_CONTRAST)
    return `這個顏色太淺，放在白底上的價格和連結會看不清楚（對比 ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1，至少要 ${MIN_TEXT_CONTRAST}:1），請選深一點的顏色`;
  return null;
}

/** Mixes `hex` toward `toward` by `amount` (0-1). */
function mix(hex: string, toward: string, amount: number): string {
  const a = channels(hex);
  const b = channels(toward);
  return `#${a
    .map((c, i) =>
      Math.round(c + (b[i]! - c) * amount)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** What the customer pages paint with. */
export interface ThemeColors {
  /** Header and buttons; prices and links on the white page. */
  brand: string;
  /** Text on `brand` (white or black, whichever contrasts more). */
  onBrand: string;
  /** A pressed button. */
  brandStrong: string;
  /** A light tint for the announcement box and chosen chips, with `brandStrong` text on it. */
  brandSoft: string;
}

export function themeColors(choice: ThemeChoice, customColor: string | null): ThemeColors {
  const custom = choice === 'custom' && customColor && !brandColorProblem(customColor);
  const brand = custom ? customColor : THEME_PRESETS[choice === 'custom' ? DEFAULT_THEME : choice];
  return {
    brand,
    onBrand: contrastRatio(brand, WHITE) >= contrastRatio(brand, BLACK) ? WHITE : BLACK,
    brandStrong: mix(brand, BLACK, 0.2),
    brandSoft: mix(brand, WHITE, 0.9),
  };
}

export const themeFields = {
  theme: z.enum(THEME_CHOICES, { error: '請選擇一種頁面風格' }),
  customColor: z
    .string({ error: '顏色格式請用 #RRGGBB，例如 #2E7D32' })
    .transform(normalizeHex)
    .nullish()
    .transform((value) => value || null),
};

/**
 * The cross rule of themeFields: a custom theme needs a readable colour of its own. With a preset
 * the colour box is not in use, so what it holds is not judged (the save keeps it only if valid).
 */
export function checkTheme(input: { theme: ThemeChoice; customColor: string | null }, ctx: z.RefinementCtx): void {
  if (input.theme !== 'custom') return;
  const problem = input.customColor === null ? '請輸入自訂顏色' : brandColorProblem(input.customColor);
  if (problem) ctx.addIssue({ code: 'custom', path: ['customColor'], message: problem });
}
