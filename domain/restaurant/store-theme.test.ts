import { describe, expect, it } from 'vitest';
import {
  brandColorProblem,
  contrastRatio,
  MIN_TEXT_CONTRAST,
  normalizeHex,
  THEME_PRESETS,
  themeColors,
  type ThemePreset,
} from './store-theme.ts';

describe('contrastRatio (WCAG 2)', () => {
  it('is 21 for black on white and 1 for a colour on itself, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#2e7d32', '#2e7d32')).toBe(1);
  });

  it('matches the published ratio of #767676 on white (4.54:1, the lightest AA grey)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe('brandColorProblem', () => {
  it('accepts a colour reaching 4.5:1 on the white page, just at the edge', () => {
    expect(brandColorProblem('#767676')).toBeNull();
    expect(brandColorProblem('#1d4ed8')).toBeNull();
  });

  it('refuses a colour just under 4.5:1, saying the ratio without rounding it up to a pass', () => {
    expect(brandColorProblem('#777777')).toBe(
      '這個顏色太淺，放在白底上的價格和連結會看不清楚（對比 4.47:1，至少要 4.5:1），請選深一點的顏色',
    );
  });

  it('refuses the light colours shops like (yellow, pink, mint)', () => {
    for (const light of ['#ffeb3b', '#f8bbd0', '#a5d6a7', '#ff9800'])
      expect(brandColorProblem(light), light).toMatch(/太淺/);
  });

  it('refuses what is not #rrggbb', () => {
    for (const bad of ['red', '#12345', '#gggggg', '2e7d32'])
      expect(brandColorProblem(bad), bad).toBe('顏色格式請用 #RRGGBB，例如 #2E7D32');
  });
});

describe('normalizeHex', () => {
  it('lower-cases and expands #RGB', () => {
    expect(normalizeHex(' #1D4ED8 ')).toBe('#1d4ed8');
    expect(normalizeHex('#A3F')).toBe('#aa33ff');
    expect(normalizeHex('blue')).toBe('blue');
  });
});

describe('themeColors', () => {
  it('gives every preset a brand readable on white and button text readable on the brand', () => {
    for (const preset of Object.keys(THEME_PRESETS) as ThemePreset[]) {
      const colors = themeColors(preset, null);
      expect(colors.brand).toBe(THEME_PRESETS[preset]);
      expect(brandColorProblem(colors.brand), preset).toBeNull();
      expect(contrastRatio(colors.onBrand, colors.brand), preset).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      expect(contrastRatio(colors.brandStrong, '#ffffff')).toBeGreaterThan(contrastRatio(colors.brand, '#ffffff'));
      expect(contrastRatio(colors.brandStrong, colors.brandSoft), preset).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });

  it('uses a valid custom colour, and the default preset for a missing or unreadable one', () => {
    expect(themeColors('custom', '#6a1b9a').brand).toBe('#6a1b9a');
    expect(themeColors('custom', '#6a1b9a').onBrand).toBe('#ffffff');
    expect(themeColors('custom', '#ffeb3b').brand).toBe(THEME_PRESETS.tea_green);
    expect(themeColors('custom', null).brand).toBe(THEME_PRESETS.tea_green);
    // A preset ignores the remembered custom colour.
    expect(themeColors('ink', '#6a1b9a').brand).toBe(THEME_PRESETS.ink);
  });
});
