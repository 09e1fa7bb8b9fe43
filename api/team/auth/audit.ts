import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../../db/audit-log.ts';

export { writeAudit, type AuditEntry } from '../../../db/audit-log.ts';

/**
 * An entry for this request: the signed-in member's tenant, user and name, the client IP.
 * Marks the request as audited so the fallback line is not written as well.
 */
export function auditEntry(
  request: FastifyRequest,
  entry: Omit<AuditEntry, 'tenantId' | 'userId' | 'actorName' | 'ip'> & { tenantId?: string | null },
): AuditEntry {
  request.audited = true;
  const auth = request.tenantAuth;
  return {
    tenantId: entry.tenantId !== undefined ? entry.tenantId : (auth?.tenant.id ?? null),
    userId: auth?.user.id ?? request.sessionInfo?.user.id ?? null,
    actorName: auth?.member.displayName ?? auth?.user.displayName ?? request.sessionInfo?.user.displayName ?? null,
    ip: request.ip,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? null,
  };
}
