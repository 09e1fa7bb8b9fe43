import sharp from 'sharp';
import type { RichMenuArea, RichMenuDefinition } from '../../domain/line-chat/rich-menus.ts';

/**
 * Draws a rich menu's picture from its definition (domain/line-chat/rich-menus.ts): an SVG with the
 * zh-TW labels (Noto Sans CJK TC), rasterised by sharp to a JPEG of exactly the menu's size,
 * well under LINE's 1 MB. The same bytes go to LINE and to the admin preview.
 */

export const RICH_MENU_IMAGE_TYPE = 'image/jpeg';
const FONT = "'Noto Sans CJK TC', 'Noto Sans TC', 'PingFang TC', sans-serif";

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A simple line icon per button, drawn in a 120×120 box centred on (0,0). */
const ICONS: Record<string, string> = {
  order:
    '<path d="M-40 -10h80l-10 60h-60z" /><path d="M-22 -10v-18a22 22 0 0 1 44 0v18" /><path d="M0 8v28M-14 22h28" />',
  reserve:
    '<rect x="-44" y="-36" width="88" height="80" rx="12" /><path d="M-44 -10h88M-22 -50v26M22 -50v26" /><path d="M-16 18l12 12 22-24" />',
  history: '<rect x="-38" y="-48" width="76" height="96" rx="10" /><path d="M-20 -20h40M-20 4h40M-20 28h24" />',
  contact: '<path d="M-34 -44l22 -4 14 30 -16 12a60 60 0 0 0 32 32l12 -16 30 14 -4 22c-54 4 -94 -36 -90 -90z" />',
  orders:
    '<rect x="-40" y="-48" width="80" height="96" rx="10" /><path d="M-20 -18h40M-20 6h40M-20 30h22" /><path d="M-14 -48v-8h28v8" />',
  products: '<path d="M-46 -22l46 -24 46 24v50l-46 24 -46 -24z" /><path d="M-46 -22l46 24 46 -24M0 2v50" />',
  'new-product':
    '<rect x="-46" y="-34" width="92" height="70" rx="12" /><circle cx="0" cy="2" r="20" /><path d="M-18 -34l8 -14h20l8 14" />',
  'clock-in': '<circle cx="0" cy="0" r="46" /><path d="M0 -26v26l18 12" /><path d="M52 -52v-22M41 -63h22" />',
  'clock-out': '<circle cx="0" cy="0" r="46" /><path d="M0 -26v26l18 12" /><path d="M41 -63h22" />',
  settings:
    '<circle cx="0" cy="0" r="18" /><path d="M0 -48v16M0 32v16M-48 0h16M32 0h16M-34 -34l11 11M23 23l11 11M-34 34l11 -11M23 -23l11 -11" />',
};

function tabSvg(area: RichMenuArea, def: RichMenuDefinition): string {
  const { x, y, width, height } = area.bounds;
  const active = area.tab?.active ?? false;
  const cx = x + width / 2;
  return [
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${active ? def.accent : '#eef1f4'}" />`,
    `<text x="${cx}" y="${y + height / 2 + 30}" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="92" fill="${active ? '#ffffff' : '#5b6670'}">${esc(area.title)}</text>`,
  ].join('');
}

function cellSvg(area: RichMenuArea, def: RichMenuDefinition): string {
  const { x, y, width, height } = area.bounds;
  const pad = 28;
  const cx = x + width / 2;
  const iconY = y + height * 0.34;
  return [
    `<rect x="${x + pad}" y="${y + pad}" width="${width - 2 * pad}" height="${height - 2 * pad}" rx="48" fill="#ffffff" stroke="#dfe5ea" stroke-width="4" />`,
    `<circle cx="${cx}" cy="${iconY}" r="118" fill="${def.accent}" fill-opacity="0.12" />`,
    `<g transform="translate(${cx} ${iconY}) scale(1.35)" fill="none" stroke="${def.accent}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round">${ICONS[area.key] ?? ''}</g>`,
    `<text x="${cx}" y="${y + height * 0.7}" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="132" fill="#1d252c">${esc(area.title)}</text>`,
    `<text x="${cx}" y="${y + height * 0.7 + 110}" text-anchor="middle" font-family="${FONT}" font-size="72" fill="#66737f">${esc(area.subtitle)}</text>`,
  ].join('');
}

export function richMenuSvg(def: RichMenuDefinition): string {
  const { width, height } = def.size;
  const body = def.areas.map((a) => (a.tab ? tabSvg(a, def) : cellSvg(a, def))).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#f6f8fa" />${body}</svg>`;
}

/** The menu's image: JPEG, exactly `def.size`. */
export async function renderRichMenuImage(def: RichMenuDefinition): Promise<Buffer> {
  return sharp(Buffer.from(richMenuSvg(def)), { density: 72 })
    .resize(def.size.width, def.size.height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
    .toBuffer();
}
