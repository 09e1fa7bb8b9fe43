import type { KnownLineEventType, LineWebhookEvent } from '../../../integrations/line/webhook-schema.ts';
import type { ServerDeps } from '../../deps.ts';

/** What an event handler may use: it starts workflows, and may read the database. */
export type LineEventDeps = Pick<ServerDeps, 'temporal' | 'env' | 'db'>;

export interface LineEventTenant {
  tenantId: string;
}

/** The event of one type, narrowed from the webhook union. */
export type LineEventOfType<T extends KnownLineEventType> = Extract<LineWebhookEvent, { type: T }>;

/**
 * One event type's handler. It must be safe to run twice for the same event (the inbox
 * retries after a failure): start workflows named after the webhookEventId, or use it as the
 * Update ID. A transient failure should throw, so the inbox retries the event.
 */
export type LineEventHandler<T extends KnownLineEventType, Outcome extends string = string> = (
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineEventOfType<T>,
) => Promise<Outcome>;
