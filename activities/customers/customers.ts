import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { LineApiError } from '../../integrations/line/client.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';

const ensureCustomerInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  /** The group they wrote in: their profile is read from there when they are not the shop's friend. */
  groupId: z.string().min(1).max(64).optional(),
});
export type EnsureCustomerInput = z.infer<typeof ensureCustomerInput>;

/** Name shown for a customer whose LINE profile cannot be read (blocked the shop, or left). */
export const UNKNOWN_CUSTOMER_NAME = 'LINE 顧客';

export function customerActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /** The customer's row, created from their LINE profile on first contact. */
    async ensureCustomer(raw: EnsureCustomerInput): Promise<{ customerId: string; displayName: string }> {
      const input = ensureCustomerInput.parse(raw);
      const known = await deps.db.customer.findUnique({
        where: { tenantId_lineUserId: { tenantId: input.tenantId, lineUserId: input.lineUserId } },
        select: { id: true, displayName: true },
      });
      if (known) return { customerId: known.id, displayName: known.displayName };

      const line = await lineClientFor(input.tenantId);
      let profile: { displayName: string; pictureUrl?: string | undefined } = { displayName: UNKNOWN_CUSTOMER_NAME };
      const notFound = (error: unknown) => {
        if (!(error instanceof LineApiError) || error.status !== 404) throw error;
      };
      try {
        profile = await line.getProfile(input.lineUserId);
      } catch (error) {
        notFound(error);
        if (input.groupId) {
          profile = await line.getGroupMemberProfile(input.groupId, input.lineUserId).catch((e: unknown) => {
            notFound(e);
            return profile;
          });
        }
      }
      const customer = await deps.db.customer.upsert({
        where: { tenantId_lineUserId: { tenantId: input.tenantId, lineUserId: input.lineUserId } },
        create: {
          id: uuidv7(),
          tenantId: input.tenantId,
          lineUserId: input.lineUserId,
          displayName: profile.displayName,
          pictureUrl: profile.pictureUrl ?? null,
        },
        update: {},
        select: { id: true, displayName: true },
      });
      return { customerId: customer.id, displayName: customer.displayName };
    },
  };
}
