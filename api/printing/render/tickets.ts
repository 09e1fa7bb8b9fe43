import sharp from 'sharp';
import { formatNtd } from '../../../domain/money.ts';
import { PRINTER_PAPER, formatMac, type PrinterKind } from '../../../domain/printing/printer-settings.ts';
import { METHOD_TEXT, PRINTER_KIND_TEXT, type PrintLine, type Ticket } from '../../../domain/printing/tickets.ts';
import { formatTaipeiDateTime } from '../../../domain/taipei-time.ts';
import { Canvas } from './canvas.ts';

/**
 * Draws a ticket for a printer's paper into the PNG that CloudPRNT prints pixel for pixel
 * (`image/png`): the counter's receipt, a station's work ticket, a 40×25 mm label, a test page.
 * Thresholded to black and white, as thermal paper prints it.
 */
export async function renderTicketPng(
  ticket: Ticket,
  kind: PrinterKind,
  mac = '',
  logo: Buffer | null = null,
): Promise<Buffer> {
  const paper = PRINTER_PAPER[kind];
  const canvas = new Canvas(paper.width, paper.label ? 6 : 10);
  if (ticket.type === 'receipt') drawReceipt(canvas, ticket, ticket.full ? await logoImage(logo, paper.width) : null);
  else if (ticket.type === 'label') drawLabel(canvas, ticket);
  else drawTest(canvas, ticket, mac);
  const svg = canvas.svg(paper.height ?? 0);
  let image = sharp(Buffer.from(svg));
  if (paper.height) image = image.extract({ left: 0, top: 0, width: paper.width, height: paper.height });
  return image.flatten({ background: '#ffffff' }).threshold(140).png({ palette: true, colours: 2 }).toBuffer();
}

interface LogoImage {
  href: string;
  width: number;
  height: number;
}

/**
 * The shop's logo for the top of the customer's receipt: grey, at most a third of the paper
 * wide, on white (the whole ticket is thresholded after). A logo that cannot be decoded is left
 * out: the receipt prints without it rather than not at all.
 */
async function logoImage(logo: Buffer | null, paperWidth: number): Promise<LogoImage | null> {
  if (!logo) return null;
  const box = Math.round(paperWidth / 3);
  try {
    const { data, info } = await sharp(logo, { limitInputPixels: 4096 * 4096 })
      .resize({ width: box, height: box, fit: 'inside' })
      .flatten({ background: '#ffffff' })
      .grayscale()
      .png()
      .toBuffer({ resolveWithObject: true });
    return { href: `data:image/png;base64,${data.toString('base64')}`, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

const when = (iso: string | null) => (iso ? formatTaipeiDateTime(new Date(iso)) : '');

function drawLines(canvas: Canvas, lines: PrintLine[], prices: boolean) {
  for (const line of lines) {
    const size = prices ? 24 : 30;
    canvas.text(`${line.name} ×${line.quantity}`, {
      size,
      bold: true,
      right: prices ? formatNtd(line.unitPrice * line.quantity) : undefined,
    });
    if (line.choices.length > 0) canvas.text(line.choices.join('、'), { size: size - 4, indent: 20 });
    if (line.note) canvas.text(`※ ${line.note}`, { size: size - 4, indent: 20, bold: true });
  }
}

function drawReceipt(canvas: Canvas, ticket: Extract<Ticket, { type: 'receipt' }>, logo: LogoImage | null) {
  const { order } = ticket;
  if (ticket.reprint) canvas.band('補印', 28);
  if (logo) canvas.image(logo.href, logo.width, logo.height);
  canvas.text(order.shopName, { size: 30, bold: true, align: 'middle' });
  canvas.text(ticket.full ? order.branchName : `${order.branchName}・${ticket.station}`, { size: 22, align: 'middle' });
  canvas.text('取餐號碼', { size: 22, align: 'middle' });
  canvas.band(order.pickupNumber ?? '—', canvas.width > 400 ? 110 : 88);
  const method = order.tableLabel
    ? `${METHOD_TEXT[order.method]}・桌號 ${order.tableLabel}`
    : METHOD_TEXT[order.method];
  canvas.text(method, { size: 30, bold: true, align: 'middle' });
  if (order.wantedAt)
    canvas.text(`預計${order.method === 'delivery' ? '送達' : '取餐'}：${when(order.wantedAt)}`, { size: 22 });
  canvas.text(`單號：${order.number}`, { size: 20 });
  canvas.text(`下單：${when(order.placedAt)}`, { size: 20 });
  canvas.rule();
  drawLines(canvas, ticket.lines, ticket.full);
  canvas.rule();
  if (ticket.full) {
    if (order.deliveryFee > 0) canvas.text('外送費', { size: 22, right: formatNtd(order.deliveryFee) });
    canvas.text('合計', { size: 28, bold: true, right: formatNtd(order.total) });
    if (ticket.invoice) {
      canvas.text(`發票號碼：${ticket.invoice.number}`, { size: 24, bold: true });
      canvas.text(ticket.invoice.carrier, { size: 20 });
    }
  }
  if (order.customerNote) canvas.text(`顧客備註：${order.customerNote}`, { size: 24, bold: true });
  if (ticket.full) {
    if (order.contactName || order.contactPhone)
      canvas.text(`取餐人：${order.contactName ?? ''} ${order.contactPhone ?? ''}`, { size: 22 });
    if (order.deliveryAddress) canvas.text(`地址：${order.deliveryAddress}`, { size: 22 });
    canvas.rule(true);
    canvas.text('掃描查看訂單進度', { size: 20, align: 'middle' });
    canvas.qr(order.orderUrl, Math.min(canvas.inner, 260));
  }
  canvas.gap(24);
}

function drawLabel(canvas: Canvas, ticket: Extract<Ticket, { type: 'label' }>) {
  canvas.text(`#${ticket.order.pickupNumber ?? ''} ${METHOD_TEXT[ticket.order.method]}`, {
    size: 30,
    bold: true,
    right: `${ticket.index}/${ticket.of}`,
  });
  canvas.text(ticket.line.name, { size: 32, bold: true });
  if (ticket.line.choices.length > 0) canvas.text(ticket.line.choices.join('、'), { size: 24 });
  if (ticket.line.note) canvas.text(`※ ${ticket.line.note}`, { size: 22, bold: true });
  canvas.text(ticket.order.shopName, { size: 16 });
}

function drawTest(canvas: Canvas, ticket: Extract<Ticket, { type: 'test' }>, mac: string) {
  const label = PRINTER_PAPER[ticket.kind].label;
  canvas.text('列印測試單', { size: label ? 28 : 34, bold: true, align: 'middle' });
  canvas.text(ticket.printerName, { size: label ? 22 : 26, bold: true, align: 'middle' });
  canvas.text(`${ticket.location}・${PRINTER_KIND_TEXT[ticket.kind]}`, { size: label ? 18 : 22, align: 'middle' });
  if (label) {
    canvas.text(when(ticket.at), { size: 18, align: 'middle' });
    return;
  }
  canvas.rule();
  canvas.text(`商店：${ticket.shopName}`, { size: 22 });
  if (mac) canvas.text(`MAC：${formatMac(mac)}`, { size: 22 });
  canvas.text(`時間：${when(ticket.at)}`, { size: 22 });
  canvas.text('中文測試：珍珠奶茶 半糖少冰、滷肉飯 加蛋', { size: 24 });
  canvas.text('ABC abc 0123456789 NT$1,234', { size: 24 });
  canvas.rule(true);
  canvas.text('看到這張就代表出單機設定完成', { size: 22, align: 'middle' });
  canvas.gap(24);
}
