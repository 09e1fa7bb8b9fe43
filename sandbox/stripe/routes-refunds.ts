import type { FastifyInstance } from 'fastify';
import { connectedAccount } from './api-scope.ts';
import type { BillingContext } from './billing-cycle.ts';
import { newStripeId } from './ids.ts';
import { int, metadata, required, type Params } from './params.ts';
import { invalidParam, noSuchObject, StripeRequestError } from './stripe-errors.ts';
import type { SandboxRefund } from './store.ts';
import { emitEvent } from './webhook-delivery.ts';

const refundObject = ({ account: _account, ...refund }: SandboxRefund) => refund;

/**
 * `/v1/refunds`: money back from a paid Checkout's payment intent, on the account it was charged
 * on (Stripe-Account), all of what is left or `amount` of it. Refusing more than is left, as
 * Stripe does (`charge_already_refunded`, `amount_too_large`). Each sends `refund.created`.
 */
export function registerRefundRoutes(api: FastifyInstance, ctx: BillingContext): void {
  const { store } = ctx;
  api.post('/v1/refunds', async (request) => {
    const account = connectedAccount(request, store);
    const body = (request.body ?? {}) as Params;
    const intentId = required(body, 'payment_intent');
    const intent = store.paymentIntents.get(intentId);
    if (!intent || intent.account !== (account?.id ?? null)) throw noSuchObject('payment_intent', intentId, 'payment_intent');
    const left = intent.amount - intent.amountRefunded;
    if (left <= 0)
      throw new StripeRequestError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge for payment intent ${intentId} has already been refunded.`,
      });
    const amount = int(body, 'amount') ?? left;
    if (amount < 1) throw invalidParam('amount', 'Invalid positive integer');
    if (amount > left)
      throw new StripeRequestError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        param: 'amount',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
      });
    intent.amountRefunded += amount;
    const refund: SandboxRefund = {
      id: newStripeId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intentId,
      status: 'succeeded',
      metadata: metadata(body),
      created: store.now(),
      account: intent.account,
    };
    store.refunds.set(refund.id, refund);
    emitEvent(store, ctx.delivery, 'refund.created', refundObject(refund), { account: refund.account });
    return refundObject(refund);
  });
}
