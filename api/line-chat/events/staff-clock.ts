import { attachLocation, findClockingStaff, recordPunch } from '../../../db/attendance/shifts.ts';
import { punchReply, type PunchAction } from '../../../domain/attendance/punches.ts';
import type { LineLocationMessageEvent, LineMessageEvent } from '../../../integrations/line/webhook-schema.ts';
import { startChatReply } from './start-chat-reply.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

/**
 * Staff clocking in and out in the shop's 1:1 LINE chat (上班 / 下班, typed or sent by a
 * rich-menu button), and the location they share afterwards to show they are at the shop.
 * The punch is written here, idempotent on the event's ID, and answered through a reply
 * workflow named after the event, so a redelivery neither punches nor answers twice. A
 * message from anyone who is not an active bound member is left to the chat.
 */

export async function handlePunch(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
  lineUserId: string,
  action: PunchAction,
): Promise<'ignored' | 'clock'> {
  const staff = await findClockingStaff(deps.db, tenant.tenantId, lineUserId);
  if (!staff) return 'ignored';
  const outcome = await recordPunch(deps.db, {
    tenantId: tenant.tenantId,
    staff,
    action,
    at: new Date(event.timestamp),
    via: 'line',
    eventId: event.webhookEventId,
  });
  await answer(deps, tenant, event, lineUserId, punchReply(outcome));
  return 'clock';
}

export async function handleLocation(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineLocationMessageEvent,
  lineUserId: string,
): Promise<'ignored' | 'clock_location'> {
  const staff = await findClockingStaff(deps.db, tenant.tenantId, lineUserId);
  if (!staff) return 'ignored';
  const located = await attachLocation(deps.db, {
    tenantId: tenant.tenantId,
    staffId: staff.id,
    at: new Date(event.timestamp),
    point: { latitude: event.message.latitude, longitude: event.message.longitude },
  });
  if (!located) return 'ignored';
  await answer(deps, tenant, event, lineUserId, punchReply(located));
  return 'clock_location';
}

function answer(deps: LineEventDeps, tenant: LineEventTenant, event: LineMessageEvent, to: string, text: string) {
  return startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    to,
    replyToken: event.replyToken ?? null,
    text,
  });
}
