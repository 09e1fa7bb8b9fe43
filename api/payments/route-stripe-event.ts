import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { billingWorkflowId } from '../../domain/workflow-ids.ts';
import { tenantForStripeCustomer } from '../../db/billing/subscriptions.ts';
import type { StoredStripeEvent } from '../../db/payments/stripe-inbox.ts';
import type { subscriptionWorkflow, StripeBillingSignal } from '../../workflows/billing/subscription.ts';
import type { ServerDeps } from '../deps.ts';

/** Event families that concern a shop's subscription to Jiayi. */
const BILLING_EVENT = /^(checkout\.session|customer\.subscription|invoice)\./;

type StripeObject = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The subscription an event's object names: itself, a completed Checkout's, or an invoice's. */
function subscriptionOf(type: string, object: StripeObject): string | null {
  if (type.startsWith('customer.subscription.')) return text(object.id);
  if (type.startsWith('checkout.session.')) return text(object.subscription);
  const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
  return text(parent?.subscription_details?.subscription) ?? text(object.subscription);
}

/**
 * Where a stored Stripe event goes. Events on Jiayi's own account about a shop's subscription
 * (found by the Stripe customer Jiayi made for the shop) signal that shop's subscription
 * workflow, starting it if needed. Connect events (on a shop's own account) go to the handler
 * registered for them; anything else is acknowledged and kept.
 */
export function createStripeEventRouter(
  deps: ServerDeps,
  connect: (event: StoredStripeEvent) => Promise<string | null> = async () => null,
) {
  return async (event: StoredStripeEvent): Promise<string | null> => {
    if (event.account) return connect(event);
    if (!BILLING_EVENT.test(event.type)) return null;
    const object = ((event.payload.data as { object?: StripeObject } | undefined)?.object ?? {}) as StripeObject;
    if (event.type.startsWith('checkout.session.') && object.mode !== 'subscription') return null;
    const customer = text(object.customer);
    const tenantId = customer ? await tenantForStripeCustomer(deps.db, customer) : null;
    if (!tenantId) return null;
    const signal: StripeBillingSignal = {
      eventId: event.event_id,
      type: event.type,
      subscriptionId: subscriptionOf(event.type, object),
    };
    await deps.temporal.workflow.signalWithStart<typeof subscriptionWorkflow, [StripeBillingSignal]>(
      'subscriptionWorkflow',
      {
        workflowId: billingWorkflowId(tenantId),
        taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
        args: [{ tenantId, graceSeconds: deps.env.BILLING_GRACE_SECONDS }],
        signal: 'stripeBillingEvent',
        signalArgs: [signal],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      },
    );
    return tenantId;
  };
}
