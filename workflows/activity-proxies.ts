import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

/**
 * The activity options the chat workflows share, in one place: database steps retried until
 * the database answers; LINE messages retried through LINE's outages for as long as it takes,
 * except when the shop has no LINE connection (final). Workflows with other needs (a merchant
 * waiting on a page, a day-long push) declare their own.
 */
export const databaseActivities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const lineMessageActivities = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['line_not_connected'] },
});

/**
 * The shop's own people in the chat (a binding code, a product from a photo): one database
 * activity decides and answers; a photo is fetched from LINE and stored within that minute.
 */
export const staffChatActivities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Uber Eats' calls: an order must be answered within Uber's 11.5 minutes, so retries stay short;
 * a removed connection is final.
 */
export const uberEatsActivities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '20 seconds', nonRetryableErrorTypes: ['ubereats_not_connected'] },
});

/**
 * The delivery partner's calls: retried through its outages, except what will not change (no
 * partner set up, no place to deliver to).
 */
export const deliveryActivities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['delivery_not_configured', 'delivery_no_location', 'delivery_no_order'],
  },
});

/**
 * A booking is sent once: the partner takes no idempotency key, so a lost answer is reconciled
 * by the workflow, never retried here.
 */
export const deliveryBookingActivities = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

/**
 * A coupon campaign's LINE messages (one push per member the run gave a coupon): long for a big
 * audience, so it heartbeats; a retry goes on from the last recorded message, through LINE's
 * outages for as long as it takes.
 */
export const campaignMessageActivities = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});
