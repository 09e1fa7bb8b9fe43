import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { attendancePeople, findShift, listShifts, shiftRecord } from '../../db/attendance/report.ts';
import { attendanceCsv, attendanceReport, type AttendanceReport } from '../../domain/attendance/report.ts';
import { checkCorrection, type CorrectionProblem } from '../../domain/attendance/shifts.ts';
import { lastTaipeiDays, taipeiDaySeries } from '../../domain/insights/day-series.ts';
import { businessDaySchema, printableTextSchema } from '../../domain/query-inputs.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, requireFeature, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';

const rangeQuery = z
  .object({ from: businessDaySchema.optional(), to: businessDaySchema.optional(), staffId: z.uuid().optional() })
  .transform((q, ctx) => {
    const range = q.from && q.to ? { from: q.from, to: q.to } : lastTaipeiDays(new Date(), 7);
    try {
      taipeiDaySeries(range.from, range.to);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
    return { ...range, staffId: q.staffId };
  });

/** GET /api/t/:tenant/attendance: the range, everyone who can appear in it, the shifts and totals. */
export interface AttendancePage extends AttendanceReport {
  /** YYYYMMDD. */
  from: string;
  to: string;
  staff: { id: string; name: string; jobTitle: string | null; active: boolean }[];
}

const shiftParams = z.object({ shiftId: z.uuid() });
const correctionBody = z.object({
  clockInAt: z.iso.datetime({ offset: true }),
  clockOutAt: z.iso.datetime({ offset: true }).nullable(),
  reason: printableTextSchema(200)
    .transform((text) => text.trim())
    .pipe(z.string().min(2, '請寫下修正原因（至少 2 個字）')),
});

const CORRECTION_PROBLEMS: Record<CorrectionProblem, string> = {
  out_before_in: '下班時間要晚於上班時間。',
  too_long: '一個班次不能超過 24 小時，請確認日期。',
  in_future: '不能填未來的時間。',
};

/**
 * 打卡出勤管理:
 * - GET /api/t/:tenant/attendance?from&to&staffId — shifts by the Taipei day they started and
 *   each person's totals (attendance: view).
 * - GET /api/t/:tenant/attendance.csv — the same, as the payroll CSV.
 * - PATCH /api/t/:tenant/attendance/shifts/:shiftId {clockInAt, clockOutAt, reason} — a
 *   manager's correction; the audit log keeps the reason and the times before and after
 *   (attendance: manage).
 * A MAX feature: shops whose plan lacks it get 403 plan_feature.
 */
export async function attendanceShiftRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const view = [requirePage('attendance', 'view'), requireFeature('attendance')];

  async function report(tenantId: string, query: unknown, reply: FastifyReply) {
    const range = rangeQuery.safeParse(query);
    if (!range.success) {
      await reply.code(400).send({ code: 'invalid_range', message: z.prettifyError(range.error) });
      return null;
    }
    const [shifts, people] = await Promise.all([listShifts(db, tenantId, range.data), attendancePeople(db, tenantId)]);
    return { range: range.data, people, report: attendanceReport(shifts, people.byId, new Date()) };
  }

  app.get(
    '/attendance',
    {
      preHandler: view,
      config: { doc: { summary: 'Shifts and hours per person over Taipei days', query: rangeQuery } },
    },
    async (request, reply) => {
      const found = await report(tenantAuth(request).tenant.id, request.query, reply);
      if (!found) return reply;
      return reply.header('cache-control', 'no-store').send({
        from: found.range.from,
        to: found.range.to,
        staff: found.people.list,
        ...found.report,
      } satisfies AttendancePage);
    },
  );

  app.get(
    '/attendance.csv',
    {
      preHandler: view,
      config: { doc: { summary: 'The attendance page as a payroll CSV', query: rangeQuery, produces: 'text/csv' } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const found = await report(tenant.id, request.query, reply);
      if (!found) return reply;
      const filename = `attendance-${tenant.slug}-${found.range.from}-${found.range.to}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(attendanceCsv(found.report));
    },
  );

  app.patch(
    '/attendance/shifts/:shiftId',
    {
      preHandler: [requirePage('attendance', 'manage'), requireFeature('attendance')],
      config: {
        doc: { summary: "Correct a shift's times, with the reason", params: shiftParams, body: correctionBody },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const params = shiftParams.safeParse(request.params);
      const before = params.success ? await findShift(db, tenant.id, params.data.shiftId) : null;
      if (!before) return reply.code(404).send({ code: 'not_found', message: '找不到這筆打卡紀錄。' });
      const input = correctionBody.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '資料不正確。' });
      const times = {
        clockInAt: new Date(input.data.clockInAt),
        clockOutAt: input.data.clockOutAt ? new Date(input.data.clockOutAt) : null,
      };
      const problem = checkCorrection(times, new Date());
      if (problem) return reply.code(400).send({ code: problem, message: CORRECTION_PROBLEMS[problem] });
      const after = await db.$transaction(async (tx) => {
        const updated = await tx.attendanceShift.update({
          where: { id: before.id },
          data: {
            ...times,
            outVia: times.clockOutAt ? (before.clockOutAt ? before.outVia : 'manager') : null,
            correctedAt: new Date(),
          },
          select: shiftRecord,
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'attendance.correct',
            targetType: 'attendance_shift',
            targetId: before.id,
            data: {
              staffId: before.staffId,
              reason: input.data.reason,
              before: {
                clockInAt: before.clockInAt.toISOString(),
                clockOutAt: before.clockOutAt?.toISOString() ?? null,
              },
              after: { clockInAt: times.clockInAt.toISOString(), clockOutAt: times.clockOutAt?.toISOString() ?? null },
            },
          }),
        );
        return updated;
      });
      const people = await attendancePeople(db, tenant.id);
      return reply.send({ row: attendanceReport([after], people.byId, new Date()).rows[0] });
    },
  );
}
