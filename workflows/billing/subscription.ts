import {
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { accessFor, type BillingAccess } from '../../domain/billing/access.ts';
import type { BillingNotice } from '../../domain/billing/billing-messages.ts';

/** A Stripe event about the shop's subscription, as the webhook inbox hands it over. */
export interface StripeBillingSignal {
  eventId: string;
  type: string;
  /** The subscription the event names (a completed Checkout's, an invoice's), if any. */
  subscriptionId: string | null;
}

export const stripeBillingEvent = defineSignal<[StripeBillingSignal]>('stripeBillingEvent');
export const billingStateQuery = defineQuery<BillingState>('billingState');

export interface BillingState {
  access: BillingAccess | null;
  graceEndsAtMs: number | null;
  /** Trial ends already reminded of (ms): one reminder per trial, however often Stripe says so. */
  remindedTrialEnds: number[];
  /** Whether the shop went into grace since it last paid (so its return is announced). */
  paymentFailed: boolean;
  notices: number;
}

export interface SubscriptionWorkflowInput {
  tenantId: string;
  /** How long a failed payment keeps the admin writable (BILLING_GRACE_SECONDS). */
  graceSeconds: number;
  state?: BillingState;
  pending?: StripeBillingSignal[];
}

const billing = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['foreign_subscription'] },
});

/** Signals handled before the history is handed to a fresh run. */
const EVENTS_PER_RUN = 200;

/**
 * One per shop (`billing:<tenant>`), started or signalled by the Stripe inbox. Each batch of
 * events makes it read the subscription from Stripe and set the shop's access from what it
 * finds (domain/billing/access.ts): paid or trialing is full at once; a failed payment starts
 * the grace period, whose end, on this workflow's own timer, makes the admin read-only and
 * pauses ordering; paying again lifts it at once. The owner hears of each step, and of a
 * trial ending in three days, once.
 */
export async function subscriptionWorkflow(input: SubscriptionWorkflowInput): Promise<void> {
  const { tenantId } = input;
  const { workflowId } = workflowInfo();
  const pending: StripeBillingSignal[] = [...(input.pending ?? [])];
  const state: BillingState = input.state ?? {
    access: null,
    graceEndsAtMs: null,
    remindedTrialEnds: [],
    paymentFailed: false,
    notices: 0,
  };
  setHandler(stripeBillingEvent, (signal) => void pending.push(signal));
  setHandler(billingStateQuery, () => state);

  let graceOver = false;
  let graceScope: CancellationScope | null = null;
  const startGraceTimer = (ms: number) => {
    graceOver = false;
    const scope = new CancellationScope();
    graceScope = scope;
    scope.run(() => sleep(ms)).then(
      () => {
        if (graceScope === scope) graceOver = true;
      },
      (error: unknown) => {
        if (!isCancellation(error)) throw error;
      },
    );
  };
  const stopGraceTimer = () => {
    graceScope?.cancel();
    graceScope = null;
    graceOver = false;
  };

  const notify = async (kind: BillingNotice, extra: { trialEndMs?: number | null } = {}) => {
    state.notices += 1;
    await billing.notifyShopBilling({
      tenantId,
      kind,
      key: `${workflowId}:${kind}:${extra.trialEndMs ?? state.notices}`,
      trialEndMs: extra.trialEndMs ?? null,
      graceEndsAtMs: state.graceEndsAtMs,
    });
  };

  const setAccess = async (next: BillingAccess) => {
    state.access = next;
    if (next === 'grace') {
      const { graceEndsAtMs } = await billing.applyBillingAccess({ tenantId, access: next, graceSeconds: input.graceSeconds });
      state.graceEndsAtMs = graceEndsAtMs;
      startGraceTimer(input.graceSeconds * 1000);
    } else {
      stopGraceTimer();
      state.graceEndsAtMs = null;
      await billing.applyBillingAccess({ tenantId, access: next });
    }
  };

  // A run continued in the middle of a grace period takes up what is left of it.
  if (state.access === 'grace') startGraceTimer(Math.max(1, await billing.graceRemainingMs({ tenantId })));

  for (let handled = 0; ; ) {
    await condition(() => pending.length > 0 || graceOver);

    const batch = pending.splice(0);
    handled += batch.length;
    if (batch.length > 0) {
      const subscriptionId = batch.map((s) => s.subscriptionId).findLast((id) => id !== null) ?? null;
      const sync = await billing.syncShopSubscription({ tenantId, subscriptionId });
      if (sync) {
        const current = state.access ?? sync.access;
        const next = accessFor(sync.status, current);
        state.access = current;
        if (next !== current) {
          await setAccess(next);
          if (next === 'grace') {
            state.paymentFailed = true;
            await notify('payment_failed');
          } else if (next === 'read_only') {
            await notify('paused');
          } else if (state.paymentFailed) {
            state.paymentFailed = false;
            await notify('restored');
          }
        }
        const trialEnd = sync.trialEndMs;
        if (
          batch.some((s) => s.type === 'customer.subscription.trial_will_end') &&
          sync.status === 'trialing' &&
          trialEnd !== null &&
          !state.remindedTrialEnds.includes(trialEnd)
        ) {
          state.remindedTrialEnds = [...state.remindedTrialEnds.slice(-10), trialEnd];
          await notify('trial_ending', { trialEndMs: trialEnd });
        }
      }
    }

    if (graceOver && state.access === 'grace') {
      // The grace period is over and nothing paid the invoice meanwhile.
      await setAccess('read_only');
      await notify('paused');
    }

    if (handled >= EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof subscriptionWorkflow>({ ...input, state, pending: pending.splice(0) });
    }
  }
}
