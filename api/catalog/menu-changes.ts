import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bumpMenuVersion } from '../../db/catalog/menu.ts';
import type { Db, Prisma } from '../../db/client.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { tenantAuth } from '../plugins/auth.ts';

/** What the menu's admin routes share: how a change is committed, and how bad input is answered. */

export const invalid = (code: string, error: z.ZodError) => ({
  code,
  message: z.prettifyError(error),
  fields: fieldErrors(error),
});

export interface MenuAudit {
  action: string;
  targetType: string;
  targetId: string;
  data: unknown;
}

/**
 * Runs `change`; when it reports a change, audits it and bumps the shop's menu version in the
 * same transaction, which is how open customer pages (api/catalog/menu-public.ts) learn to reload.
 */
export function menuChanges(db: Db) {
  return async function changeMenu<T>(
    request: FastifyRequest,
    change: (tx: Prisma.TransactionClient, tenantId: string) => Promise<{ result: T; audit?: MenuAudit }>,
  ): Promise<T & {}> {
    const { tenant } = tenantAuth(request);
    return db.$transaction(async (tx) => {
      const { result, audit } = await change(tx, tenant.id);
      if (audit) await recordMenuChange(tx, request, tenant.id, audit);
      return result as T & {};
    });
  };
}

/** The version bump and the audit line of a menu change, inside its transaction. */
export async function recordMenuChange(
  tx: Prisma.TransactionClient,
  request: FastifyRequest,
  tenantId: string,
  audit: MenuAudit,
): Promise<void> {
  await bumpMenuVersion(tx, tenantId);
  await writeAudit(tx, auditEntry(request, audit as Parameters<typeof auditEntry>[1]));
}

/** The route's parameters, or a 404 with `notFound` (a malformed id names nothing). */
export function parseOr404<S extends z.ZodType>(
  schema: S,
  request: FastifyRequest,
  reply: FastifyReply,
  notFound: object,
): z.infer<S> | null {
  const params = schema.safeParse(request.params);
  if (!params.success) {
    void reply.code(404).send(notFound);
    return null;
  }
  return params.data as z.infer<S>;
}
