import { v7 as uuidv7 } from 'uuid';
import { CUSTOMER_SESSION_DAYS } from '../../domain/storefront/customer-session.ts';
import type { Db } from '../client.ts';

/**
 * Customer sessions, stored only as the SHA-256 of the cookie's token. Every read names the
 * shop: a token from another shop's cookie finds nothing.
 */

export interface SignedInCustomer {
  id: string;
  displayName: string;
  pictureUrl: string | null;
  lineUserId: string;
}

/**
 * The shop's customer behind this LINE user (the same one the chat knows: one history), created
 * on their first visit; their LINE name and picture as LINE reports them now.
 */
export async function upsertCustomerFromLine(
  db: Db,
  tenantId: string,
  line: { userId: string; name: string | null; picture: string | null },
  placeholderName: string,
): Promise<SignedInCustomer> {
  const [row] = await db.$queryRaw<{ id: string; display_name: string; picture_url: string | null }[]>`
    INSERT INTO customers (id, tenant_id, line_user_id, display_name, picture_url, updated_at)
    VALUES (${uuidv7()}::uuid, ${tenantId}::uuid, ${line.userId}, ${line.name ?? placeholderName}, ${line.picture}, now())
    ON CONFLICT (tenant_id, line_user_id) DO UPDATE SET
      display_name = COALESCE(${line.name}, customers.display_name),
      picture_url = COALESCE(${line.picture}, customers.picture_url),
      updated_at = now()
    RETURNING id, display_name, picture_url`;
  return { id: row!.id, displayName: row!.display_name, pictureUrl: row!.picture_url, lineUserId: line.userId };
}

export async function startCustomerSession(
  db: Db,
  tenantId: string,
  customerId: string,
  tokenHash: string,
  previousTokenHash: string | null,
): Promise<Date> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + CUSTOMER_SESSION_DAYS * 86_400_000);
  await db.$transaction([
    // A new sign-in replaces the browser's previous one (no fixation).
    db.customerSession.updateMany({
      where: { tenantId, tokenHash: previousTokenHash ?? '-', revokedAt: null },
      data: { revokedAt: now },
    }),
    db.customerSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } }),
    db.customerSession.create({ data: { id: uuidv7(), tenantId, customerId, tokenHash, expiresAt } }),
  ]);
  return expiresAt;
}

export async function findCustomerSession(
  db: Db,
  tenantId: string,
  tokenHash: string,
): Promise<{ sessionId: string; customer: SignedInCustomer } | null> {
  const row = await db.customerSession.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      tenantId: true,
      expiresAt: true,
      revokedAt: true,
      customer: { select: { id: true, displayName: true, pictureUrl: true, lineUserId: true } },
    },
  });
  if (!row || row.tenantId !== tenantId || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return { sessionId: row.id, customer: row.customer };
}

export async function endCustomerSession(db: Db, tenantId: string, tokenHash: string): Promise<void> {
  await db.customerSession.updateMany({
    where: { tenantId, tokenHash, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
