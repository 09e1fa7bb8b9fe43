import { Prisma, type Db } from './client.ts';

/**
 * The audit log: who (user and their name then), what (action), when, in which shop (tenant),
 * to what (target), from where (IP). Written in the same transaction as the change when the
 * change is ours; the API's auth plugin adds a line for any state-changing admin request that
 * succeeded without writing one, and for every refused one (access.denied).
 */
export interface AuditEntry {
  tenantId?: string | null;
  userId?: string | null;
  actorName?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  data?: Record<string, unknown> | null;
  ip?: string | null;
}

type DbLike = Pick<Db, 'auditLog'>;

export async function writeAudit(db: DbLike, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      tenantId: entry.tenantId ?? null,
      userId: entry.userId ?? null,
      actorName: entry.actorName ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data ? (entry.data as Prisma.InputJsonValue) : Prisma.JsonNull,
      ip: entry.ip ?? null,
    },
  });
}
