import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { receiptInvoice, sampleOrder, ticketsFor, withInvoice, type Ticket } from '../../../domain/printing/tickets.ts';
import { renderTicketPng } from './tickets.ts';

const counter = { name: '櫃檯出單機', kind: 'receipt_58' as const, methods: ['pickup'], categoryIds: [], copies: 1 };
const receipt = (): Ticket => ticketsFor(counter, sampleOrder('加一茶飲', '信義店', ['drinks', 'food']))[0]!;

/** A black square on white: a logo any threshold keeps. */
const logo = () =>
  sharp({ create: { width: 200, height: 200, channels: 3, background: '#ffffff' } })
    .composite([
      {
        input: { create: { width: 120, height: 120, channels: 3, background: '#000000' } },
        left: 40,
        top: 40,
      },
    ])
    .png()
    .toBuffer();

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Dark pixels in the rows [from, to) of the middle third (where the logo is centred). */
function darkInMiddle(image: { data: Buffer; width: number }, from: number, to: number): number {
  let dark = 0;
  for (let y = from; y < to; y += 1)
    for (let x = Math.floor(image.width / 3); x < Math.floor((2 * image.width) / 3); x += 1)
      if (image.data[y * image.width + x]! < 128) dark += 1;
  return dark;
}

describe('the printed receipt', () => {
  it("draws the shop's logo at the top of the customer's receipt, thresholded", async () => {
    const without = await pixels(await renderTicketPng(receipt(), 'receipt_58'));
    const withLogo = await pixels(await renderTicketPng(receipt(), 'receipt_58', '', await logo()));
    // The logo (a third of 384 dots, 128 × 128) pushes the ticket down by its height.
    expect(withLogo.height - without.height).toBeGreaterThanOrEqual(128);
    expect(darkInMiddle(withLogo, 30, 130)).toBeGreaterThan(60 * 60);
  });

  it('prints without the logo when the logo cannot be read', async () => {
    const broken = await renderTicketPng(receipt(), 'receipt_58', '', Buffer.from('not a picture'));
    const plain = await renderTicketPng(receipt(), 'receipt_58');
    expect(broken.equals(plain)).toBe(true);
  });

  it('leaves the logo off a kitchen ticket', async () => {
    const kitchen = { ...counter, name: '廚房', categoryIds: ['food'] };
    const [ticket] = ticketsFor(kitchen, sampleOrder('加一茶飲', '信義店', ['drinks', 'food']));
    const plain = await renderTicketPng(ticket!, 'receipt_58');
    expect((await renderTicketPng(ticket!, 'receipt_58', '', await logo())).equals(plain)).toBe(true);
  });

  it('prints the invoice number and where the invoice went below the total', async () => {
    const invoice = receiptInvoice('AB12345678', { kind: 'mobile', barcode: '/ABC1234' });
    const plain = await pixels(await renderTicketPng(receipt(), 'receipt_58'));
    const issued = await pixels(await renderTicketPng(withInvoice(receipt(), invoice), 'receipt_58'));
    // Two more lines (24 and 20 dots of type, 1.45 em each).
    expect(issued.height - plain.height).toBeGreaterThan(55);
  });
});

describe('receiptInvoice', () => {
  it('splits the track from the number and says in one line where the invoice went', () => {
    expect(receiptInvoice('AB12345678', { kind: 'mobile', barcode: '/ABC1234' })).toEqual({
      number: 'AB-12345678',
      carrier: '手機條碼 /ABC1234',
    });
    expect(receiptInvoice('AB12345678', { kind: 'donation', loveCode: '168' }).carrier).toBe('捐贈 愛心碼 168');
    expect(receiptInvoice('AB12345678', { kind: 'company', taxId: '04595257', title: '加一股份有限公司' }).carrier).toBe(
      '統編 04595257 加一股份有限公司',
    );
    expect(receiptInvoice('AB12345678', { kind: 'certificate', number: 'AB12345678901234' }).carrier).toBe(
      '自然人憑證 ************1234',
    );
    expect(receiptInvoice('AB12345678', { kind: 'cloud' }).carrier).toBe('會員載具（訂單手機）');
  });

  it('is on the counter receipt only, not on a kitchen ticket', () => {
    const invoice = receiptInvoice('AB12345678', null);
    expect(withInvoice(receipt(), invoice)).toMatchObject({ invoice });
    const [kitchen] = ticketsFor({ ...counter, categoryIds: ['food'] }, sampleOrder('店', '店', ['drinks', 'food']));
    expect(withInvoice(kitchen!, invoice)).not.toHaveProperty('invoice');
  });
});
