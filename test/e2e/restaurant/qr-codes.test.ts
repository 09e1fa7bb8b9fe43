import jsqrModule from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { createTenant } from '../../support/shops.ts';
import { DEFAULT_PICKUP_METHODS } from '../../../domain/restaurant/pickup-methods.ts';

/**
 * A branch's QR codes (QR Code 下載) over the real server: each PNG, read back with a QR decoder,
 * holds the ordering address of the branch or of a table; the SVG and the print sheet (PDF) are
 * there; another shop's branch is not found and a member limited to one branch is refused another.
 */
let server: AuthServer;
let shop: { id: string; slug: string };
let owner: TestMember & TestSession;
let xinyi: string;
let daan: string;
let theirs: string;

const api = (path: string, slug = shop.slug) => `/api/t/${slug}${path}`;
const get = (session: TestSession, path: string) =>
  fetch(`${server.baseUrl}${path}`, { headers: { cookie: session.headers.cookie ?? '' } });

// jsqr is CommonJS: Node hands its function over as the default export.
const jsQR = jsqrModule as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

async function decode(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? null;
}

beforeAll(async () => {
  server = await startAuthServer('restaurant_qr');
  shop = await createTenant(server.db, 'noodle-qr', '阿城麵館');
  const other = await createTenant(server.db, 'dumpling-qr', '鼎好水餃');
  await server.db.tenant.updateMany({ where: { id: { in: [shop.id, other.id] } }, data: { kind: 'restaurant' } });
  owner = await signedInMember(server.db, server.config, shop.id, { role: 'owner' });
  const otherOwner = await signedInMember(server.db, server.config, other.id, { role: 'owner' });
  const add = async (session: TestSession, slug: string, name: string) => {
    const res = await requestAs(server.baseUrl, session, 'POST', api('/branches', slug), {
      name,
      address: '台北市',
      phone: '02-2345-6789',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  xinyi = await add(owner, shop.slug, '信義店');
  daan = await add(owner, shop.slug, '大安店');
  theirs = await add(otherOwner, other.slug, '中山店');
  const saved = await requestAs(server.baseUrl, owner, 'PUT', api(`/branches/${xinyi}/pickup-methods`), {
    ...DEFAULT_PICKUP_METHODS,
    dineInEnabled: true,
    tables: ['A1', '吧台'],
  });
  expect(saved.status).toBe(200);
}, 120_000);
afterAll(() => server?.close());

describe('QR codes of a branch', () => {
  it('lists the ordering addresses of the branch and of each table', async () => {
    const res = await requestAs(server.baseUrl, owner, 'GET', api(`/branches/${xinyi}/qr-codes`));
    expect(res.status).toBe(200);
    const base = server.env.PUBLIC_BASE_URL.replace(/\/$/, '');
    expect(res.body).toEqual({
      branch: { name: '信義店', url: `${base}/order/noodle-qr/${xinyi}` },
      tables: [
        { label: 'A1', url: `${base}/order/noodle-qr/${xinyi}/t/A1` },
        { label: '吧台', url: `${base}/order/noodle-qr/${xinyi}/t/${encodeURIComponent('吧台')}` },
      ],
      lineFriend: null,
    });
  });

  it('a PNG holds exactly that address, for the branch and for a table; the SVG and the print sheet come too', async () => {
    const base = server.env.PUBLIC_BASE_URL.replace(/\/$/, '');
    const branch = await get(owner, api(`/branches/${xinyi}/qr.png`));
    expect(branch.headers.get('content-type')).toBe('image/png');
    expect(await decode(Buffer.from(await branch.arrayBuffer()))).toBe(`${base}/order/noodle-qr/${xinyi}`);
    const table = await get(owner, api(`/branches/${xinyi}/qr.png?table=${encodeURIComponent('吧台')}&size=300`));
    const tablePng = Buffer.from(await table.arrayBuffer());
    expect((await sharp(tablePng).metadata()).width).toBe(300);
    expect(await decode(tablePng)).toBe(`${base}/order/noodle-qr/${xinyi}/t/${encodeURIComponent('吧台')}`);

    const svg = await get(owner, api(`/branches/${xinyi}/qr.svg?table=A1`));
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[^>]+viewBox/);
    const pdf = await get(owner, api(`/branches/${xinyi}/qr-sheet.pdf`));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1); // three cards, one A4 page
  });

  it('refuses an unknown table, bad sizes, a LINE code without LINE, and other shops and branches', async () => {
    expect((await get(owner, api(`/branches/${xinyi}/qr.png?table=Z9`))).status).toBe(404);
    expect((await get(owner, api(`/branches/${xinyi}/qr.png?size=99999`))).status).toBe(400);
    expect((await get(owner, api(`/branches/${xinyi}/qr.png?target=line`))).status).toBe(409);
    expect((await get(owner, api(`/branches/${theirs}/qr.png`))).status).toBe(404);
    expect((await get(owner, api(`/branches/${theirs}/qr-codes`))).status).toBe(404);

    const limited = await signedInMember(server.db, server.config, shop.id, {
      role: 'manager',
      displayName: '信義店長',
    });
    const set = await requestAs(server.baseUrl, owner, 'PATCH', api(`/team/members/${limited.staffId}`), {
      branches: { all: false, branchIds: [xinyi] },
    });
    expect(set.status).toBe(200);
    expect((await get(limited, api(`/branches/${xinyi}/qr.png`))).status).toBe(200);
    expect((await get(limited, api(`/branches/${daan}/qr.png`))).status).toBe(403);
    expect((await get(limited, api(`/branches/${daan}/qr-sheet.pdf`))).status).toBe(403);
  });
});
