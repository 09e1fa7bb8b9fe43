import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { csvRow, UTF8_BOM } from '../../domain/insights/csv.ts';
import { formatTaipeiDateTime, taipeiDayKey } from '../../domain/taipei-time.ts';
import { exportMembers, listMembers, loadMember } from '../../db/members/member-list.ts';
import { grantPoints, memberLedger } from '../../db/members/point-ledger.ts';
import { setManualTags } from '../../db/members/tags.ts';
import { writeAudit } from '../../db/audit-log.ts';
import { sendCsv } from '../insights/exports.ts';
import type { ServerDeps } from '../deps.ts';
import { encodeCursor } from '../page-cursor.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry } from '../team/auth/audit.ts';
import { filtersOf, invalid, memberFilterQuery, memberListQuery, memberParams } from './member-inputs.ts';

const NOT_FOUND = { code: 'not_found', message: '找不到這位會員' } as const;
const tagsBody = z.object({ tagIds: z.array(z.uuid()).max(100) });
const pointsBody = z.object({
  points: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, '請填寫要調整的點數'),
  note: z.string().trim().min(1, '請寫下調整原因').max(100),
  requestId: z.uuid(),
});
const exportBody = memberFilterQuery.extend({ fields: z.literal('line_marketing') });

const EXPORT_COLUMNS = ['LINE UID', '姓名', '電話', '生日', '性別', '等級', '點數', '標籤', '加入日'];

/** 會員列表 and 會員資料: the list, one member with their ledger, manual tags, points by hand, the LINE UID export. */
export async function adminMemberRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/members',
    {
      preHandler: requirePage('members', 'view'),
      config: { doc: { summary: 'List members: search, filters, keyset paging', query: memberListQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = memberListQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_query', query.error));
      const page = await listMembers(db, tenant.id, filtersOf(query.data), {
        limit: query.data.limit,
        after: query.data.cursor ?? null,
      });
      return { members: page.members, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/members/:memberId',
    {
      preHandler: requirePage('members', 'view'),
      config: { doc: { summary: 'A member with their points ledger', params: memberParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = memberParams.safeParse(request.params);
      const member = path.success ? await loadMember(db, tenant.id, path.data.memberId) : null;
      if (!member) return reply.code(404).send(NOT_FOUND);
      const [ledger, tags] = await Promise.all([
        memberLedger(db, tenant.id, member.id),
        db.memberTagLink.findMany({ where: { tenantId: tenant.id, memberId: member.id }, select: { tagId: true } }),
      ]);
      return { member, ledger, tagIds: tags.map((t) => t.tagId) };
    },
  );

  app.put(
    '/members/:memberId/tags',
    {
      preHandler: requirePage('members', 'manage'),
      config: { doc: { summary: "Set a member's manual tags", params: memberParams, body: tagsBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = memberParams.safeParse(request.params);
      const body = tagsBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      if (!path.success || !(await setManualTags(db, tenant.id, path.data.memberId, body.data.tagIds)))
        return reply.code(404).send(NOT_FOUND);
      return { ok: true };
    },
  );

  app.post(
    '/members/:memberId/points',
    {
      preHandler: requirePage('members', 'manage'),
      config: {
        doc: { summary: 'Give or take points by hand (a ledger entry)', params: memberParams, body: pointsBody },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = memberParams.safeParse(request.params);
      const body = pointsBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      if (!path.success) return reply.code(404).send(NOT_FOUND);
      const { points, note, requestId } = body.data;
      const balance = await grantPoints(db, tenant.id, path.data.memberId, {
        points,
        note,
        key: `adjust:${requestId}`,
      });
      if (balance === null) return reply.code(404).send(NOT_FOUND);
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'member.points_adjust',
          targetType: 'member',
          targetId: path.data.memberId,
          data: { points, note },
        }),
      );
      return { balance };
    },
  );

  app.post(
    '/members/export',
    {
      preHandler: requirePage('members', 'manage'),
      config: {
        doc: {
          summary: 'LINE UIDs and fields of the selected members as CSV (audit-logged)',
          body: exportBody,
          produces: 'text/csv',
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = exportBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(invalid('invalid_body', body.error));
      const filters = filtersOf(body.data);
      // Written before the file goes out: personal data leaving the system is always on record.
      await writeAudit(
        db,
        auditEntry(request, { action: 'member.export', targetType: 'members', data: { filters: { ...filters } } }),
      );
      async function* lines() {
        yield UTF8_BOM + csvRow(EXPORT_COLUMNS);
        for await (const batch of exportMembers(db, tenant.id, filters)) {
          yield batch
            .map((m) =>
              csvRow([
                m.lineUserId,
                m.displayName,
                m.phone,
                m.birthday,
                m.gender,
                m.tier,
                m.points,
                m.tags.join('、'),
                formatTaipeiDateTime(new Date(m.joinedAt)).slice(0, 10),
              ]),
            )
            .join('');
        }
      }
      return sendCsv(reply, `members-line-${tenant.slug}-${taipeiDayKey(new Date())}.csv`, lines());
    },
  );
}
