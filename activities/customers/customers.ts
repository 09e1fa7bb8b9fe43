import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { readLineProfile } from '../../integrations/line/read-profile.ts';

const ensureCustomerInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  /** The group they wrote in: their profile is read from there when they are not the shop's friend. */
  groupId: z.string().min(1).max(64).optional(),
});
export type EnsureCustomerInput = z.infer<typeof ensureCustomerInput>;

export function customerActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /** The customer's row, created from their LINE profile on first contact. */
    async ensureCustomer(raw: EnsureCustomerInput): Promise<{ customerId: string; displayName: string }> {
      const input = ensureCustomerInput.parse(raw);
      const known = await deps.db.customer.findUnique({
        where: { tenantId_lineUserId: { tenantId: input.tenantId, lineUserId: input.lineUserId } },
        select: { id: true, displayName: true },
      });
      // A customer first met by the inbox's +1 lane has a placeholder name until their profile is read.
      if (known && known.displayName !== UNKNOWN_CUSTOMER_NAME)
        return { customerId: known.id, displayName: known.displayName };

      const profile = await readLineProfile(lineClientFor, input.tenantId, input.lineUserId, input.groupId);
      if (known) {
        if (!profile) return { customerId: known.id, displayName: known.displayName };
        const named = await deps.db.customer.update({
          where: { id: known.id },
          data: { displayName: profile.displayName, pictureUrl: profile.pictureUrl ?? null },
          select: { id: true, displayName: true },
        });
        return { customerId: named.id, displayName: named.displayName };
      }
      const customer = await deps.db.customer.upsert({
        where: { tenantId_lineUserId: { tenantId: input.tenantId, lineUserId: input.lineUserId } },
        create: {
          id: uuidv7(),
          tenantId: input.tenantId,
          lineUserId: input.lineUserId,
          displayName: profile?.displayName ?? UNKNOWN_CUSTOMER_NAME,
          pictureUrl: profile?.pictureUrl ?? null,
        },
        update: {},
        select: { id: true, displayName: true },
      });
      return { customerId: customer.id, displayName: customer.displayName };
    },
  };
}
