import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  archiveBranch,
  branchNameTaken,
  createBranch,
  listBranches,
  setOrderingStatus,
  updateBranch,
  type BranchRow,
} from '../../db/restaurant/branches.ts';
import { branchEditSchema, newBranchSchema, orderingSwitchSchema } from '../../domain/restaurant/branch-rules.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, requireMember, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { syncUberEatsStore } from '../ubereats/store-sync.ts';
import { BRANCH_NOT_FOUND, branchOf, branchParams, requireBranch } from './branch-guard.ts';
import { BRANCH_READ, ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

/** A branch as the admin API answers it (the web app imports this type only). */
export function presentBranch(branch: BranchRow) {
  return {
    ...branch,
    orderingChangedAt: branch.orderingChangedAt?.toISOString() ?? null,
    createdAt: branch.createdAt.toISOString(),
    updatedAt: branch.updatedAt.toISOString(),
  };
}
export type AdminBranch = ReturnType<typeof presentBranch>;

/** A refused branch: every problem in `message`, and each field's first in `fields` (for the form). */
const invalid = (error: z.ZodError) => ({
  code: 'invalid_branch',
  message: z.prettifyError(error),
  fields: fieldErrors(error),
});
const NAME_TAKEN = { code: 'branch_name_taken', message: '已經有同名的分店了，請換一個名稱' } as const;
/** Adding or removing branches changes the whole shop: only for members who work in every branch. */
const NEEDS_EVERY_BRANCH = {
  code: 'branch_forbidden',
  message: '只有可使用全部分店的成員能新增或移除分店。 Only members who work in every branch add or remove branches.',
} as const;

/**
 * A restaurant's branches (分店):
 *
 * - GET    /api/t/:tenant/branches — the branches the member works in, with their online-ordering
 *   status, oldest first (any member: the admin's header shows them).
 * - POST   /api/t/:tenant/branches {name, address, phone, mapUrl?, latitude?, longitude?} (restaurant: manage, every branch).
 * - GET    /api/t/:tenant/branches/:branchId (restaurant: view, the member's branch).
 * - PATCH  /api/t/:tenant/branches/:branchId {any of those} (restaurant: manage, the member's branch).
 * - DELETE /api/t/:tenant/branches/:branchId — archives it (restaurant: manage, every branch).
 * - PUT    /api/t/:tenant/branches/:branchId/ordering {status: accepting|paused} — the switch that
 *   stops or restarts online orders now (orders: manage, the member's branch).
 *
 * The rules are domain/restaurant/branch-rules.ts, the page's too. Every change is audited.
 */
export async function branchRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/branches',
    { preHandler: requireMember, config: { doc: { summary: 'The branches the member works in' } } },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const rows = await listBranches(db, tenant.id, { staffId: member.id, allBranches: member.allBranches });
      return reply.header('cache-control', 'no-store').send({ branches: rows.map(presentBranch) });
    },
  );

  app.post(
    '/branches',
    {
      preHandler: requirePage('settings/branches', 'manage'),
      config: { doc: { summary: 'Add a branch', body: newBranchSchema } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      if (!member.allBranches) return reply.code(403).send(NEEDS_EVERY_BRANCH);
      const input = newBranchSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid(input.error));
      const created = await db.$transaction(async (tx) => {
        if (await branchNameTaken(tx, tenant.id, input.data.name)) return null;
        const branch = await createBranch(tx, tenant.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, { action: 'branch.create', targetType: 'branch', targetId: branch.id, data: input.data }),
        );
        return branch;
      });
      if (!created) return reply.code(409).send(NAME_TAKEN);
      return reply.code(201).send(presentBranch(created));
    },
  );

  app.get(
    '/branches/:branchId',
    {
      preHandler: requireBranch(BRANCH_READ, 'view'),
      config: { doc: { summary: 'One branch', params: branchParams } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(presentBranch(branchOf(request))),
  );

  app.patch(
    '/branches/:branchId',
    {
      preHandler: requireBranch('settings/branches', 'manage'),
      config: { doc: { summary: 'Edit a branch', params: branchParams, body: branchEditSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const edit = branchEditSchema.safeParse(request.body);
      if (!edit.success) return reply.code(400).send(invalid(edit.error));
      const { orderingStatus: _status, ...changes } = edit.data;
      const updated = await db.$transaction(async (tx) => {
        if (changes.name !== undefined && (await branchNameTaken(tx, tenant.id, changes.name, branch.id)))
          return 'taken';
        const row = await updateBranch(tx, tenant.id, branch.id, changes);
        if (row) {
          await writeAudit(
            tx,
            auditEntry(request, { action: 'branch.update', targetType: 'branch', targetId: branch.id, data: changes }),
          );
        }
        return row;
      });
      if (updated === 'taken') return reply.code(409).send(NAME_TAKEN);
      return updated ? presentBranch(updated) : reply.code(404).send(BRANCH_NOT_FOUND);
    },
  );

  app.delete(
    '/branches/:branchId',
    {
      preHandler: requireBranch('settings/branches', 'manage'),
      config: { doc: { summary: 'Archive a branch', params: branchParams } },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      if (!member.allBranches) return reply.code(403).send(NEEDS_EVERY_BRANCH);
      const branch = branchOf(request);
      await db.$transaction(async (tx) => {
        if (!(await archiveBranch(tx, tenant.id, branch.id))) return;
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.archive',
            targetType: 'branch',
            targetId: branch.id,
            data: { name: branch.name },
          }),
        );
      });
      return { ok: true };
    },
  );

  app.put(
    '/branches/:branchId/ordering',
    {
      preHandler: requireBranch(ORDERS_MANAGE, 'manage'),
      config: {
        doc: {
          summary: "Switch the branch's online ordering (stop taking orders now)",
          params: branchParams,
          body: orderingSwitchSchema,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const input = orderingSwitchSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_status', message: z.prettifyError(input.error) });
      const branch = branchOf(request);
      const result = await db.$transaction(async (tx) => {
        const outcome = await setOrderingStatus(tx, tenant.id, branch.id, input.data.status);
        if (outcome?.changed) {
          await writeAudit(
            tx,
            auditEntry(request, {
              action: input.data.status === 'paused' ? 'branch.ordering_pause' : 'branch.ordering_resume',
              targetType: 'branch',
              targetId: branch.id,
              data: { name: branch.name },
            }),
          );
        }
        return outcome;
      });
      if (!result) return reply.code(404).send(BRANCH_NOT_FOUND);
      if (result.changed)
        await syncUberEatsStore(opts.deps, tenant.id, branch.id, 'status').catch((error: unknown) =>
          // The switch itself is saved; the Uber Eats page shows the store's last error.
          request.log.error({ err: error }, 'the Uber Eats store status was not queued'),
        );
      // A repeated tap changes nothing and needs no audit line of its own (nor the fallback's).
      request.audited = true;
      return presentBranch(result.branch);
    },
  );
}
