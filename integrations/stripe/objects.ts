import { z } from 'zod';

/**
 * The parts of Stripe's objects Jiayi reads, checked with zod where they enter (API answers and
 * webhook events alike), so a change on Stripe's side fails loudly at the door.
 */
const metadata = z.record(z.string(), z.string()).default({});

export const subscriptionStatus = z.enum([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);

export const stripeSubscription = z.object({
  id: z.string(),
  object: z.literal('subscription'),
  customer: z.string(),
  status: subscriptionStatus,
  trial_end: z.number().int().nullable(),
  cancel_at_period_end: z.boolean(),
  metadata,
  items: z.object({
    data: z
      .array(
        z.object({
          current_period_end: z.number().int(),
          price: z.object({ unit_amount: z.number().int().nullable(), currency: z.string() }),
        }),
      )
      .min(1),
  }),
});
export type StripeSubscription = z.infer<typeof stripeSubscription>;

export const stripeInvoice = z.object({
  id: z.string(),
  object: z.literal('invoice'),
  number: z.string().nullable(),
  customer: z.string().nullable(),
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).nullable(),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  created: z.number().int(),
  period_start: z.number().int(),
  period_end: z.number().int(),
  hosted_invoice_url: z.string().nullable().optional(),
  invoice_pdf: z.string().nullable().optional(),
  parent: z
    .object({ subscription_details: z.object({ subscription: z.string() }).nullable().optional() })
    .nullable()
    .optional(),
});
export type StripeInvoice = z.infer<typeof stripeInvoice>;

export const stripeCheckoutSession = z.object({
  id: z.string(),
  object: z.literal('checkout.session'),
  mode: z.enum(['payment', 'setup', 'subscription']),
  status: z.enum(['open', 'complete', 'expired']).nullable(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  client_reference_id: z.string().nullable(),
  customer: z.string().nullable(),
  subscription: z.string().nullable(),
  payment_intent: z.string().nullable(),
  url: z.string().nullable(),
  amount_total: z.number().int().nullable(),
  metadata,
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSession>;

export const stripeAccount = z.object({
  id: z.string(),
  object: z.literal('account'),
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  details_submitted: z.boolean(),
  metadata,
});
export type StripeAccount = z.infer<typeof stripeAccount>;

export const stripeRefund = z.object({
  id: z.string(),
  object: z.literal('refund'),
  amount: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullable(),
  status: z.string().nullable(),
  metadata: metadata.nullable().transform((value) => value ?? {}),
});
export type StripeRefund = z.infer<typeof stripeRefund>;

export const stripeCustomer = z.object({ id: z.string(), object: z.literal('customer'), metadata });

/** A webhook event: its envelope; `data.object` is read by the handler its type names. */
export const stripeEvent = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event'),
  type: z.string().min(1).max(200),
  created: z.number().int(),
  account: z.string().optional(),
  livemode: z.boolean(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEvent>;
