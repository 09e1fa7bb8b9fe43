import { ApplicationFailure } from '@temporalio/activity';
import { v5 as uuidv5 } from 'uuid';
import type { BillingAccess, SubscriptionStatus } from '../../domain/billing/access.ts';
import { billingNoticeText, type BillingNotice } from '../../domain/billing/billing-messages.ts';
import {
  findShopSubscription,
  saveSubscriptionSnapshot,
  setAccess,
} from '../../db/billing/subscriptions.ts';
import { recordDelivery, wasDelivered } from '../../db/orders/notification-settings.ts';
import { createMailer } from '../../integrations/mail/mailer.ts';
import type { StripeGateway } from '../../integrations/stripe/gateway.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { lineRefusal } from '../line-refusal.ts';

export interface SubscriptionSync {
  status: SubscriptionStatus;
  trialEndMs: number | null;
  /** The shop's access as stored (the workflow decides the next one). */
  access: BillingAccess;
}

const seconds = (value: number | null) => (value === null ? null : new Date(value * 1000));

/**
 * The subscription workflow's I/O: what Stripe says the subscription is now (events are only
 * a cue to look: a late or reordered event can never roll the shop back), the shop's access,
 * and the owner's notices.
 */
export function subscriptionActivities(deps: ActivityDeps, lineClientFor: LineClientProvider, stripe: () => StripeGateway) {
  return {
    /** Reads the subscription from Stripe and stores it; null for a shop Jiayi does not bill. */
    async syncShopSubscription(input: { tenantId: string; subscriptionId: string | null }): Promise<SubscriptionSync | null> {
      const stored = await findShopSubscription(deps.db, input.tenantId);
      if (!stored) return null;
      const subscriptionId = input.subscriptionId ?? stored.stripeSubscriptionId;
      if (!subscriptionId) return { status: stored.status, trialEndMs: null, access: stored.access };
      const sub = await stripe().retrieveSubscription(subscriptionId);
      if (stored.stripeCustomerId && sub.customer !== stored.stripeCustomerId) {
        throw ApplicationFailure.nonRetryable(`Subscription ${sub.id} is not this shop's`, 'foreign_subscription');
      }
      const access = await saveSubscriptionSnapshot(deps.db, input.tenantId, {
        stripeSubscriptionId: sub.id,
        status: sub.status,
        trialEndsAt: seconds(sub.trial_end),
        currentPeriodEndsAt: seconds(sub.items.data[0]!.current_period_end),
        cancelAtPeriodEnd: sub.cancel_at_period_end,
      });
      return { status: sub.status, trialEndMs: sub.trial_end === null ? null : sub.trial_end * 1000, access };
    },

    /** Sets the shop's access; a grace period ends `graceSeconds` from now (returned, in ms). */
    async applyBillingAccess(input: { tenantId: string; access: BillingAccess; graceSeconds?: number }) {
      const graceEndsAt = input.access === 'grace' ? new Date(Date.now() + (input.graceSeconds ?? 0) * 1000) : null;
      await setAccess(deps.db, input.tenantId, input.access, graceEndsAt);
      return { graceEndsAtMs: graceEndsAt?.getTime() ?? null };
    },

    /** How long the shop's grace period still runs (a new run of the workflow picks its timer up). */
    async graceRemainingMs(input: { tenantId: string }): Promise<number> {
      const stored = await findShopSubscription(deps.db, input.tenantId);
      return stored?.graceEndsAt ? Math.max(0, stored.graceEndsAt.getTime() - Date.now()) : 0;
    },

    /**
     * Tells the shop's owners by LINE (the shop's official account, to owners bound to it) and
     * e-mail. `key` comes from the workflow, so a retry sends nothing twice.
     */
    async notifyShopBilling(input: { tenantId: string; kind: BillingNotice; key: string; trialEndMs?: number | null; graceEndsAtMs?: number | null }) {
      const shop = await deps.db.tenant.findUniqueOrThrow({
        where: { id: input.tenantId },
        select: { name: true, subscription: { select: { plan: { select: { name: true } } } } },
      });
      const owners = await deps.db.staff.findMany({
        where: { tenantId: input.tenantId, role: 'owner' },
        select: { id: true, lineUserId: true, user: { select: { email: true } } },
        orderBy: { id: 'asc' },
      });
      const notice = billingNoticeText(input.kind, {
        shopName: shop.name,
        planName: shop.subscription?.plan.name ?? '加一',
        trialEndsAt: input.trialEndMs ? new Date(input.trialEndMs) : null,
        graceEndsAt: input.graceEndsAtMs ? new Date(input.graceEndsAtMs) : null,
      });
      let line = 0;
      let email = 0;
      for (const owner of owners.filter((o) => o.lineUserId)) {
        try {
          const client = await lineClientFor(input.tenantId);
          await client.push(owner.lineUserId!, [{ type: 'text', text: notice.text }], uuidv5(`line:${owner.id}`, uuidv5(input.key, uuidv5.URL)));
          line += 1;
        } catch (error) {
          // A shop without LINE, or an owner who blocked it, still gets the e-mail.
          const notConnected = (error as { type?: string }).type === 'line_not_connected';
          if (!notConnected && !lineRefusal(error)) throw error;
        }
      }
      const mailer = createMailer(deps.mail ?? { smtpUrl: undefined, from: '' });
      for (const owner of owners) {
        const to = owner.user?.email;
        if (!to || !deps.mail?.smtpUrl) continue;
        const key = uuidv5(`mail:${to}`, uuidv5(input.key, uuidv5.URL));
        if (await wasDelivered(deps.db, input.tenantId, key)) continue;
        await mailer.send({ to, subject: notice.subject, text: notice.text, messageId: `<${key}@billing.jiayi>` });
        await recordDelivery(deps.db, input.tenantId, key, 'email');
        email += 1;
      }
      deps.log.info({ tenantId: input.tenantId, kind: input.kind, line, email }, 'billing notice sent');
      return { line, email };
    },
  };
}
