import { v7 as uuidv7 } from 'uuid';
import { segmentSchema, type Segment } from '../../domain/members/segment.ts';
import type { Db } from '../client.ts';
import { segmentSql } from './segments.ts';

export interface TagSummary {
  id: string;
  name: string;
  kind: 'manual' | 'rule';
  rule: Segment | null;
  members: number;
  refreshedAt: string | null;
}

/** The shop's 會員標籤 with how many members carry each, rule tags' rules parsed. */
export async function listTags(db: Db, tenantId: string): Promise<TagSummary[]> {
  const rows = await db.$queryRaw<
    { id: string; name: string; kind: string; rule: unknown; members: number; refreshed_at: Date | null }[]
  >`
    SELECT t.id, t.name, t.kind, t.rule, t.refreshed_at,
      (SELECT count(*)::int FROM member_tag_links l WHERE l.tenant_id = t.tenant_id AND l.tag_id = t.id) AS members
    FROM member_tags t WHERE t.tenant_id = ${tenantId}::uuid ORDER BY t.kind, t.name`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind === 'rule' ? 'rule' : 'manual',
    rule: r.kind === 'rule' ? (segmentSchema.safeParse(r.rule).data ?? null) : null,
    members: r.members,
    refreshedAt: r.refreshed_at?.toISOString() ?? null,
  }));
}

export type TagWrite = { name: string; rule: Segment | null };

/** A new tag; null when the shop has one by that name. */
export async function createTag(db: Db, tenantId: string, tag: TagWrite): Promise<{ id: string } | null> {
  const id = uuidv7();
  const added = await db.$executeRaw`
    INSERT INTO member_tags (id, tenant_id, name, kind, rule, updated_at)
    VALUES (${id}::uuid, ${tenantId}::uuid, ${tag.name}, ${tag.rule ? 'rule' : 'manual'}, ${tag.rule ? JSON.stringify(tag.rule) : null}::jsonb, now())
    ON CONFLICT (tenant_id, name) DO NOTHING`;
  return added > 0 ? { id } : null;
}

/** Renames a tag or changes its rule (a manual tag stays manual); false when not the shop's. */
export async function updateTag(db: Db, tenantId: string, tagId: string, tag: TagWrite): Promise<boolean> {
  const changed = await db.$executeRaw`
    UPDATE member_tags SET name = ${tag.name}, rule = CASE WHEN kind = 'rule' THEN ${tag.rule ? JSON.stringify(tag.rule) : null}::jsonb ELSE NULL END,
      updated_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND id = ${tagId}::uuid`;
  return changed > 0;
}

export async function deleteTag(db: Db, tenantId: string, tagId: string): Promise<boolean> {
  return (await db.memberTag.deleteMany({ where: { tenantId, id: tagId } })).count > 0;
}

/**
 * Puts exactly these manual tags on a member (rule tags are the rules' to keep); tags of other
 * shops are ignored. False when the member is not the shop's.
 */
export async function setManualTags(db: Db, tenantId: string, memberId: string, tagIds: string[]): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { tenantId, id: memberId }, select: { id: true } });
    if (!member) return false;
    const manual = await tx.memberTag.findMany({ where: { tenantId, kind: 'manual' }, select: { id: true } });
    const allowed = new Set(manual.map((t) => t.id));
    await tx.memberTagLink.deleteMany({ where: { tenantId, memberId, tagId: { in: [...allowed] } } });
    const wanted = [...new Set(tagIds)].filter((id) => allowed.has(id));
    if (wanted.length)
      await tx.memberTagLink.createMany({ data: wanted.map((tagId) => ({ tenantId, tagId, memberId })) });
    return true;
  });
}

/**
 * Makes each rule tag (or just `tagId`) carry exactly the members its rule selects now: those who
 * left it lose it, newcomers gain it. Rules that no longer parse are left alone.
 */
export async function refreshRuleTags(
  db: Db,
  tenantId: string,
  now: Date,
  tagId: string | null = null,
): Promise<{ tags: number; members: number }> {
  const tags = await db.memberTag.findMany({
    where: { tenantId, kind: 'rule', ...(tagId ? { id: tagId } : {}) },
    select: { id: true, rule: true },
  });
  let members = 0;
  for (const tag of tags) {
    const rule = segmentSchema.safeParse(tag.rule);
    if (!rule.success) continue;
    // The rule runs outside the transaction (at 100k members it takes seconds); the swap inside is quick.
    const matching = await db.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM members m WHERE m.tenant_id = ${tenantId}::uuid AND ${segmentSql(rule.data, now)}`;
    const ids = matching.map((m) => m.id);
    await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`
          DELETE FROM member_tag_links WHERE tenant_id = ${tenantId}::uuid AND tag_id = ${tag.id}::uuid
            AND NOT (member_id = ANY(${ids}::uuid[]))`;
        await tx.$executeRaw`
          INSERT INTO member_tag_links (tenant_id, tag_id, member_id)
          SELECT ${tenantId}::uuid, ${tag.id}::uuid, id FROM unnest(${ids}::uuid[]) AS id
          ON CONFLICT DO NOTHING`;
        await tx.$executeRaw`UPDATE member_tags SET refreshed_at = ${now} WHERE id = ${tag.id}::uuid AND tenant_id = ${tenantId}::uuid`;
      },
      { timeout: 60_000 },
    );
    members += ids.length;
  }
  return { tags: tags.length, members };
}
