import { randomInt } from 'node:crypto';
import { Prisma, type Db } from '../../../db/client.ts';
import { generateOrderPrefix } from '../../../domain/orders/order-number.ts';
import { writeAudit, type AuditEntry } from './audit.ts';

export interface NewShop {
  slug: string;
  name: string;
  contactName: string;
  contactPhone: string;
}

export type CreateShopResult =
  | { ok: true; tenant: { id: string; slug: string; name: string; orderPrefix: string } }
  | { ok: false; problem: 'slug_taken' };

const MAX_PREFIX_ATTEMPTS = 12;

/**
 * A new tenant with `owner` as its owner, in one transaction, with its audit line. The order
 * prefix is 4 random letters (domain/orders/order-number.ts) and unique: on a collision with another
 * shop's prefix it draws again (up to 12 times; 24^4 = 331,776 prefixes). A taken slug is
 * reported, not retried.
 */
export async function createShopWithOwner(
  db: Db,
  shop: NewShop,
  owner: { userId: string },
  audit: Omit<AuditEntry, 'tenantId' | 'action' | 'targetType' | 'targetId' | 'data'>,
  nextPrefix: () => string = () => generateOrderPrefix((max) => randomInt(max)),
): Promise<CreateShopResult> {
  for (let attempt = 1; ; attempt++) {
    if (await db.tenant.findUnique({ where: { slug: shop.slug }, select: { id: true } }))
      return { ok: false, problem: 'slug_taken' };
    try {
      const tenant = await db.$transaction(async (tx) => {
        const created = await tx.tenant.create({
          data: {
            slug: shop.slug,
            name: shop.name,
            contactName: shop.contactName,
            contactPhone: shop.contactPhone,
            orderPrefix: nextPrefix(),
          },
          select: { id: true, slug: true, name: true, orderPrefix: true },
        });
        const staff = await tx.staff.create({
          data: { tenantId: created.id, userId: owner.userId, displayName: shop.contactName, role: 'owner' },
        });
        await writeAudit(tx, {
          ...audit,
          tenantId: created.id,
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: created.id,
          data: {
            slug: created.slug,
            name: created.name,
            orderPrefix: created.orderPrefix,
            ownerStaffId: staff.id,
            prefixAttempts: attempt,
          },
        });
        return created;
      });
      return { ok: true, tenant };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      // Either the slug was taken a moment ago (checked again above) or the prefix collided.
      if (attempt >= MAX_PREFIX_ATTEMPTS) throw error;
    }
  }
}
