import QRCode from 'qrcode';

/**
 * A top-to-bottom drawing on a strip of thermal paper, as SVG: text in a Traditional Chinese
 * font the server has (Noto Sans CJK TC, through fontconfig), wrapped by width, rules, blocks
 * and QR codes. The printer gets the image, so no code page of the printer is involved.
 */

export const FONT = "'Noto Sans CJK TC', 'Noto Sans CJK JP', 'Noto Serif CJK TC', sans-serif";

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** How wide a character sets: CJK and full-width take a full em, the rest about half. */
function charWidth(ch: string, size: number): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
    ? size
    : size * 0.56;
}

export function textWidth(text: string, size: number): number {
  return [...text].reduce((sum, ch) => sum + charWidth(ch, size), 0);
}

/** Breaks text into lines no wider than `width`. */
export function wrap(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && textWidth(line + ch, size) > width) {
      lines.push(line);
      line = ch.trim() ? ch : '';
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

type Align = 'start' | 'middle' | 'end';

export class Canvas {
  readonly width: number;
  readonly margin: number;
  private y: number;
  private readonly parts: string[] = [];

  constructor(width: number, margin = 8) {
    this.width = width;
    this.margin = margin;
    this.y = margin;
  }

  get inner(): number {
    return this.width - 2 * this.margin;
  }

  /** Wrapped text; `right` is set on the last line's right edge (a price). */
  text(text: string, options: { size?: number; bold?: boolean; align?: Align; right?: string; indent?: number } = {}) {
    const size = options.size ?? 22;
    const indent = options.indent ?? 0;
    const rightWidth = options.right ? textWidth(options.right, size) + size / 2 : 0;
    const lines = wrap(text, size, this.inner - indent - rightWidth);
    lines.forEach((line, i) => {
      this.y += size * 1.25;
      const align = options.align ?? 'start';
      const x = align === 'middle' ? this.width / 2 : align === 'end' ? this.width - this.margin : this.margin + indent;
      this.parts.push(
        `<text x="${x}" y="${this.y}" font-size="${size}" font-weight="${options.bold ? 700 : 400}" text-anchor="${align}">${escape(line)}</text>`,
      );
      if (options.right && i === lines.length - 1)
        this.parts.push(
          `<text x="${this.width - this.margin}" y="${this.y}" font-size="${size}" font-weight="${options.bold ? 700 : 400}" text-anchor="end">${escape(options.right)}</text>`,
        );
    });
    this.y += size * 0.2;
  }

  /** White text on a black band across the paper (the pickup number, 補印). */
  band(text: string, size: number) {
    const height = size * 1.4;
    this.y += 4;
    this.parts.push(`<rect x="0" y="${this.y}" width="${this.width}" height="${height}" fill="#000"/>`);
    this.parts.push(
      `<text x="${this.width / 2}" y="${this.y + size * 1.08}" font-size="${size}" font-weight="700" text-anchor="middle" fill="#fff">${escape(text)}</text>`,
    );
    this.y += height + 4;
  }

  rule(dashed = false) {
    this.y += 8;
    this.parts.push(
      `<line x1="${this.margin}" y1="${this.y}" x2="${this.width - this.margin}" y2="${this.y}" stroke="#000" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    this.y += 6;
  }

  gap(height: number) {
    this.y += height;
  }

  /** A picture (a data: URI), `width` × `height` dots, centred. */
  image(href: string, width: number, height: number) {
    this.y += 4;
    this.parts.push(
      `<image x="${Math.round((this.width - width) / 2)}" y="${this.y}" width="${width}" height="${height}" href="${escape(href)}"/>`,
    );
    this.y += height + 4;
  }

  /** A QR code of `data`, `size` dots wide, centred. */
  qr(data: string, size: number) {
    const code = QRCode.create(data, { errorCorrectionLevel: 'M' });
    const count = code.modules.size;
    const cell = Math.floor(size / (count + 8));
    const drawn = cell * count;
    const left = Math.round((this.width - drawn) / 2);
    const top = Math.round(this.y + cell * 4);
    let path = '';
    for (let row = 0; row < count; row += 1)
      for (let col = 0; col < count; col += 1)
        if (code.modules.get(row, col)) path += `M${left + col * cell} ${top + row * cell}h${cell}v${cell}h-${cell}z`;
    this.parts.push(`<path d="${path}" fill="#000"/>`);
    this.y = top + drawn + cell * 4;
  }

  /** The drawing, at least `minHeight` tall (a label's fixed size), else as long as it runs. */
  svg(minHeight = 0): string {
    const height = Math.max(Math.ceil(this.y + this.margin), minHeight);
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${height}" viewBox="0 0 ${this.width} ${height}" font-family="${FONT}">` +
      `<rect width="100%" height="100%" fill="#fff"/>${this.parts.join('')}</svg>`
    );
  }
}
