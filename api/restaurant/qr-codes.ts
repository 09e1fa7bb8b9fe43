import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { getPickupMethods } from '../../db/restaurant/pickup-methods.ts';
import { lineAddFriendUrl, storefrontPath } from '../../domain/restaurant/storefront-urls.ts';
import { tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from './branch-guard.ts';
import { serverLineClients } from '../line-clients.ts';

/** What GET .../qr-codes answers (the web app imports this type only). */
export interface BranchQrCodes {
  branch: { name: string; url: string };
  tables: { label: string; url: string }[];
  lineFriend: { basicId: string; url: string } | null;
}

const codeQuery = z.object({
  /** A dine-in table of the branch (absent: the branch's own code). */
  table: z.string().min(1).max(20).optional(),
  /** 'line': the shop's LINE add-friend link. */
  target: z.enum(['order', 'line']).default('order'),
  size: z.coerce.number().int().min(128).max(2048).default(512),
});
const NO_TABLE = { code: 'table_not_found', message: '這間分店沒有這個桌號' } as const;
const NO_LINE = { code: 'line_not_connected', message: '商店還沒連接 LINE 官方帳號，無法產生加好友 QR Code' } as const;
/** A font with Traditional Chinese for the print sheet (Debian's fonts-noto-cjk); Helvetica otherwise. */
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/**
 * QR codes of a branch (QR Code 下載), for the customer ordering page (domain/restaurant/storefront-urls.ts):
 *
 * - GET .../branches/:branchId/qr-codes — the addresses: the branch's, each dine-in table's, the
 *   shop's LINE add-friend link (null when no LINE channel is connected).
 * - GET .../branches/:branchId/qr.png|qr.svg?table=&target=order|line&size= — one code.
 * - GET .../branches/:branchId/qr-sheet.pdf — every code of the branch on A4, four to a page,
 *   with the shop, branch and table written under each, ready to print and cut.
 * All restaurant: view, the member's branch.
 */
export async function qrCodeRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env } = opts.deps;

  const absolute = (path: string) => new URL(path, env.PUBLIC_BASE_URL).toString();
  // Cached per shop for a minute (a page asks for several codes at once).
  const lineClientFor = serverLineClients(opts.deps);

  async function tables(tenant: { id: string; slug: string }, branchId: string): Promise<BranchQrCodes['tables']> {
    const pickup = await getPickupMethods(db, tenant.id, branchId);
    return pickup.tables.map((label) => ({ label, url: absolute(storefrontPath(tenant.slug, branchId, label)) }));
  }

  /** The shop's add-friend link, or null when no LINE channel is connected (or LINE does not answer). */
  async function lineFriend(tenantId: string): Promise<BranchQrCodes['lineFriend']> {
    const bot = await lineClientFor(tenantId)
      .then((line) => line.getBotInfo())
      .catch(() => null);
    return bot ? { basicId: bot.basicId, url: lineAddFriendUrl(bot.basicId) } : null;
  }

  async function addresses(
    tenant: { id: string; slug: string },
    branch: { id: string; name: string },
  ): Promise<BranchQrCodes> {
    const [branchTables, friend] = await Promise.all([tables(tenant, branch.id), lineFriend(tenant.id)]);
    return {
      branch: { name: branch.name, url: absolute(storefrontPath(tenant.slug, branch.id)) },
      tables: branchTables,
      lineFriend: friend,
    };
  }

  /** The address one code stands for (reading only what that code needs), or the refusal. */
  async function target(
    request: Parameters<typeof tenantAuth>[0],
    raw: unknown,
  ): Promise<{ url: string; size: number } | { problem: { status: number; body: { code: string; message: string } } }> {
    const query = codeQuery.safeParse(raw);
    if (!query.success)
      return { problem: { status: 400, body: { code: 'invalid_query', message: z.prettifyError(query.error) } } };
    const { tenant } = tenantAuth(request);
    const branch = branchOf(request);
    const { size } = query.data;
    if (query.data.target === 'line') {
      const friend = await lineFriend(tenant.id);
      return friend ? { url: friend.url, size } : { problem: { status: 409, body: NO_LINE } };
    }
    if (query.data.table === undefined) return { url: absolute(storefrontPath(tenant.slug, branch.id)), size };
    const table = (await tables(tenant, branch.id)).find((t) => t.label === query.data.table);
    return table ? { url: table.url, size } : { problem: { status: 404, body: NO_TABLE } };
  }

  const guard = { preHandler: requireBranch('settings/qr-codes', 'view') };
  app.get(
    '/branches/:branchId/qr-codes',
    {
      ...guard,
      config: { doc: { summary: "A branch's QR code addresses (ordering, tables, LINE)", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      return reply.header('cache-control', 'no-store').send(await addresses(tenant, branchOf(request)));
    },
  );

  app.get(
    '/branches/:branchId/qr.png',
    {
      ...guard,
      config: { doc: { summary: 'One QR code as PNG', params: branchParams, query: codeQuery, produces: 'image/png' } },
    },
    async (request, reply) => {
      const code = await target(request, request.query);
      if ('problem' in code) return reply.code(code.problem.status).send(code.problem.body);
      const png = await QRCode.toBuffer(code.url, {
        type: 'png',
        width: code.size,
        margin: 2,
        errorCorrectionLevel: 'M',
      });
      return reply.header('content-type', 'image/png').header('cache-control', 'no-store').send(png);
    },
  );

  app.get(
    '/branches/:branchId/qr.svg',
    {
      ...guard,
      config: {
        doc: { summary: 'One QR code as SVG', params: branchParams, query: codeQuery, produces: 'image/svg+xml' },
      },
    },
    async (request, reply) => {
      const code = await target(request, request.query);
      if ('problem' in code) return reply.code(code.problem.status).send(code.problem.body);
      const svg = await QRCode.toString(code.url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      return reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store').send(svg);
    },
  );

  app.get(
    '/branches/:branchId/qr-sheet.pdf',
    {
      ...guard,
      config: {
        doc: {
          summary: 'Every QR code of a branch on A4, to print',
          params: branchParams,
          produces: 'application/pdf',
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const codes = await addresses(tenant, branch);
      const cards = [
        { title: branch.name, caption: '掃描點餐 Scan to order', url: codes.branch.url },
        ...codes.tables.map((t) => ({ title: `桌號 ${t.label}`, caption: '掃描點餐 Scan to order', url: t.url })),
        ...(codes.lineFriend
          ? [{ title: 'LINE 好友', caption: `加入 ${codes.lineFriend.basicId}`, url: codes.lineFriend.url }]
          : []),
      ];
      const pdf = await printSheet(tenant.name, cards);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="qr-${encodeURIComponent(branch.id)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}

/** A4 pages, four cards each (2 × 2), each a QR code with the shop, a title and a caption under it. */
async function printSheet(shopName: string, cards: { title: string; caption: string; url: string }[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 36, autoFirstPage: false, info: { Title: `${shopName} QR Code` } });
  const font = existsSync(CJK_FONT) ? (doc.registerFont('cjk', CJK_FONT, 'NotoSansCJKtc-Regular'), 'cjk') : 'Helvetica';
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const cell = { width: 261, height: 375 };
  for (const [i, card] of cards.entries()) {
    if (i % 4 === 0) doc.addPage();
    const x = 36 + (i % 2) * (cell.width + 1);
    const y = 36 + (Math.floor(i / 2) % 2) * (cell.height + 1);
    doc.rect(x, y, cell.width, cell.height).dash(4, { space: 4 }).strokeColor('#bbbbbb').stroke().undash();
    const png = await QRCode.toBuffer(card.url, { type: 'png', width: 600, margin: 1, errorCorrectionLevel: 'M' });
    doc.image(png, x + 40, y + 24, { width: cell.width - 80 });
    doc
      .font(font)
      .fillColor('#111111')
      .fontSize(18)
      .text(card.title, x + 12, y + cell.width - 40, { width: cell.width - 24, align: 'center' });
    doc
      .fontSize(11)
      .fillColor('#444444')
      .text(`${shopName}｜${card.caption}`, { width: cell.width - 24, align: 'center' });
  }
  if (cards.length === 0) doc.addPage();
  doc.end();
  return done;
}
