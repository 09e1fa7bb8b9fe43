import type { Gender } from '../../domain/members/member-profile.ts';
import { Prisma, type Db } from '../client.ts';
import { containsPattern } from '../sql-like.ts';
import { balanceOf, liveOrder, ordersOfMember } from './member-sql.ts';

export interface MemberRow {
  id: string;
  customerId: string;
  displayName: string;
  pictureUrl: string | null;
  lineUserId: string;
  memberCode: string;
  phone: string;
  lastAddress: string | null;
  orderCount: number;
  birthday: string | null;
  gender: string;
  joinedAt: string;
  tags: string[];
  tier: string | null;
  points: number;
}

export interface MemberFilters {
  query: string | null;
  /** A tier id, or 'none' for members below every tier. */
  tier: string | null;
  tagId: string | null;
  gender: Gender | null;
  birthdayMonth: number | null;
}

export interface MemberCursor {
  createdAt: Date;
  id: string;
}

type Row = {
  id: string;
  customer_id: string;
  display_name: string;
  picture_url: string | null;
  line_user_id: string;
  member_code: string;
  phone: string;
  last_address: string | null;
  orders: number;
  birthday: Date | null;
  gender: string;
  joined_at: Date;
  tags: string[] | null;
  tier: string | null;
  points: number;
};

/** Trigram indexes need three characters; shorter searches walk the list in order instead. */
const TRIGRAM_MIN = 3;

interface Search {
  text: string;
  /** The digits of a phone number as typed (spaces and dashes dropped); null when it is not one. */
  phone: string | null;
  /** Whether the GIN trigram indexes can answer it (see searchHits). */
  indexed: boolean;
}

function searchOf(query: string | null): Search | null {
  const text = query?.trim();
  if (!text) return null;
  const digits = text.replace(/[\s-]/g, '');
  return { text, phone: /^\d{3,}$/.test(digits) ? digits : null, indexed: [...text].length >= TRIGRAM_MIN };
}

/** The search as a condition on m and c (customers), for searches too short for the indexes. */
function searchCondition(search: Search): Prisma.Sql {
  return Prisma.sql`(c.display_name ILIKE ${containsPattern(search.text)} OR m.member_code = ${search.text.toUpperCase()}
    OR (${search.phone !== null} AND m.phone LIKE ${`${search.phone ?? ''}%`}))`;
}

/**
 * The members a search finds, one index-friendly branch each, unioned: a name containing it
 * (GIN trigram on customers.display_name), the member code (unique index), a phone starting with
 * it (GIN trigram on members.phone). An OR across the join could use none of them.
 */
function searchHits(tenantId: string, search: Search): Prisma.Sql {
  const branches = [
    Prisma.sql`SELECT m.id FROM customers c JOIN members m ON m.customer_id = c.id AND m.tenant_id = c.tenant_id
      WHERE c.tenant_id = ${tenantId}::uuid AND c.display_name ILIKE ${containsPattern(search.text)}`,
    Prisma.sql`SELECT m.id FROM members m WHERE m.tenant_id = ${tenantId}::uuid AND m.member_code = ${search.text.toUpperCase()}`,
  ];
  if (search.phone)
    branches.push(
      Prisma.sql`SELECT m.id FROM members m WHERE m.tenant_id = ${tenantId}::uuid AND m.phone LIKE ${`${search.phone}%`}`,
    );
  return Prisma.join(branches, ' UNION ');
}

/**
 * The ids of the shop's members a search finds, as a subquery (for lists about members, such as
 * 點數 / 發券記錄, that search by member the way 會員列表 does); null when there is no search.
 */
export function memberSearchIds(tenantId: string, query: string | null): Prisma.Sql | null {
  const search = searchOf(query);
  if (!search) return null;
  if (search.indexed) return searchHits(tenantId, search);
  return Prisma.sql`SELECT m.id FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
    WHERE m.tenant_id = ${tenantId}::uuid AND ${searchCondition(search)}`;
}

function filterSql(tenantId: string, f: MemberFilters, search: Search | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`m.tenant_id = ${tenantId}::uuid`];
  if (search && !search.indexed) parts.push(searchCondition(search));
  if (f.tier === 'none') parts.push(Prisma.sql`m.tier_id IS NULL`);
  else if (f.tier) parts.push(Prisma.sql`m.tier_id = ${f.tier}::uuid`);
  if (f.tagId)
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM member_tag_links l WHERE l.tag_id = ${f.tagId}::uuid AND l.member_id = m.id AND l.tenant_id = m.tenant_id)`,
    );
  if (f.gender) parts.push(Prisma.sql`m.gender = ${f.gender}`);
  if (f.birthdayMonth) parts.push(Prisma.sql`extract(month FROM m.birthday) = ${f.birthdayMonth}`);
  return Prisma.join(parts, ' AND ');
}

/** The figures of 會員列表, computed only for the rows of the page (the index gives the order). */
const columns = Prisma.sql`
  m.id, m.customer_id, c.display_name, c.picture_url, c.line_user_id, m.member_code, m.phone, m.birthday, m.gender, m.joined_at,
  t.name AS tier,
  (SELECT o.delivery_address FROM orders o WHERE ${ordersOfMember} AND o.delivery_address IS NOT NULL ORDER BY o.created_at DESC LIMIT 1) AS last_address,
  (SELECT count(*)::int FROM orders o WHERE ${ordersOfMember} AND ${liveOrder}) AS orders,
  (SELECT array_agg(g.name ORDER BY g.name) FROM member_tag_links l JOIN member_tags g ON g.id = l.tag_id
     WHERE l.tenant_id = m.tenant_id AND l.member_id = m.id) AS tags,
  ${balanceOf} AS points`;

const from = Prisma.sql`FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
  LEFT JOIN member_tiers t ON t.id = m.tier_id`;

function toRow(r: Row): MemberRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    displayName: r.display_name,
    pictureUrl: r.picture_url,
    lineUserId: r.line_user_id,
    memberCode: r.member_code,
    phone: r.phone,
    lastAddress: r.last_address,
    orderCount: r.orders,
    birthday: r.birthday?.toISOString().slice(0, 10) ?? null,
    gender: r.gender,
    joinedAt: r.joined_at.toISOString(),
    tags: r.tags ?? [],
    tier: r.tier,
    points: r.points,
  };
}

/** One page of 會員列表, newest members first, by keyset on (joined_at, id). */
export async function listMembers(
  db: Db,
  tenantId: string,
  filters: MemberFilters,
  page: { limit: number; after: MemberCursor | null },
): Promise<{ members: MemberRow[]; next: MemberCursor | null }> {
  const after = page.after
    ? Prisma.sql`AND (m.joined_at, m.id) < (${page.after.createdAt}, ${page.after.id}::uuid)`
    : Prisma.empty;
  const search = searchOf(filters.query);
  // A short search is a condition on the ordered walk (customers joined for the name); a longer
  // one finds its few members through the trigram indexes first, then sorts just those.
  const source = !search
    ? Prisma.sql`members m`
    : search.indexed
      ? Prisma.sql`members m JOIN (${searchHits(tenantId, search)}) hits ON hits.id = m.id`
      : Prisma.sql`members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id`;
  // The page's ids first (filters, order, limit), its figures after: computed for those rows
  // only, never for every row the filters match before the sort.
  const rows = await db.$queryRaw<Row[]>`
    WITH page AS (
      SELECT m.id FROM ${source}
      WHERE ${filterSql(tenantId, filters, search)} ${after}
      ORDER BY m.joined_at DESC, m.id DESC LIMIT ${page.limit + 1})
    SELECT ${columns} ${from} JOIN page ON page.id = m.id
    ORDER BY m.joined_at DESC, m.id DESC`;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    members: shown.map(toRow),
    next: rows.length > page.limit && last ? { createdAt: last.joined_at, id: last.id } : null,
  };
}

/** One member of the shop; null when not theirs. */
export async function loadMember(db: Db, tenantId: string, memberId: string): Promise<MemberRow | null> {
  const [row] = await db.$queryRaw<
    Row[]
  >`SELECT ${columns} ${from} WHERE m.tenant_id = ${tenantId}::uuid AND m.id = ${memberId}::uuid`;
  return row ? toRow(row) : null;
}

/** Every member the filters select, in batches (匯出 LINE UID for LINE's audiences). */
export async function* exportMembers(db: Db, tenantId: string, filters: MemberFilters): AsyncGenerator<MemberRow[]> {
  let after: MemberCursor | null = null;
  for (;;) {
    const page = await listMembers(db, tenantId, filters, { limit: 1000, after });
    if (page.members.length) yield page.members;
    if (!page.next) return;
    after = page.next;
  }
}
