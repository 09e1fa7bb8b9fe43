import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { findBranchFor, type BranchRow } from '../../db/restaurant/branches.ts';
import type { Need, PageKey } from '../../domain/team/permissions.ts';
import { markGuard, requirePage, tenantAuth } from '../plugins/auth.ts';

/**
 * The guard of every route about one branch of a restaurant (`/branches/:branchId/...`): what
 * requirePage(pages, need) checks, then the branch. 404 when `:branchId` is not a
 * branch of this shop (another shop's, an archived one, not an ID at all), 403 when it is one
 * the member does not work in. The handler reads the branch with branchOf(request) and scopes
 * every query by tenant and branch:
 *
 *   app.get('/branches/:branchId/hours', { preHandler: requireBranch('settings/hours', 'view') }, async (request) => {
 *     const { tenant } = tenantAuth(request);
 *     const branch = branchOf(request);
 *     return listHours(db, tenant.id, branch.id);
 *   });
 */

export const BRANCH_NOT_FOUND = { code: 'branch_not_found', message: '找不到這間分店' } as const;
export const BRANCH_FORBIDDEN = {
  code: 'branch_forbidden',
  message: '你沒有這間分店的權限，請向店主申請。 You do not work in this branch.',
} as const;

export const branchParams = z.object({ branchId: z.uuid() });
const branches = new WeakMap<FastifyRequest, BranchRow>();

export function requireBranch(pages: PageKey | readonly PageKey[], need: Need): preHandlerAsyncHookHandler {
  const pageGuard = requirePage(pages, need);
  const guard: preHandlerAsyncHookHandler = async function (request, reply) {
    await pageGuard.call(this, request, reply);
    if (reply.sent) return;
    const { tenant, member } = tenantAuth(request);
    const params = branchParams.safeParse(request.params);
    const found = params.success
      ? await findBranchFor(request.server.jiayiAuth.db, tenant.id, params.data.branchId, {
          staffId: member.id,
          allBranches: member.allBranches,
        })
      : null;
    if (!found) return reply.code(404).send(BRANCH_NOT_FOUND);
    if (!found.allowed) return reply.code(403).send(BRANCH_FORBIDDEN);
    branches.set(request, found.branch);
  };
  return markGuard(guard, { kind: 'page', pages: typeof pages === 'string' ? [pages] : pages, need, branch: true });
}

/** The branch requireBranch resolved for this request (only inside a route behind it). */
export function branchOf(request: FastifyRequest): BranchRow {
  const branch = branches.get(request);
  if (!branch) throw new Error(`${request.method} ${request.url}: route is not behind requireBranch()`);
  return branch;
}
