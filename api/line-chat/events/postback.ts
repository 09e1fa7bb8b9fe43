import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { chatSpeaker, isSharedConversation, pushDestination } from '../../../domain/line-chat/chat-conversation.ts';
import { addressedToMember } from '../../../domain/line-chat/chat-replies.ts';
import {
  checkReservationConfirmation,
  isConfirmRefusalCode,
  parseReservationPostback,
  type ConfirmRefusalCode,
} from '../../../domain/orders/reservation.ts';
import { reservationConfirmRefusedReply } from '../../../domain/line-chat/reservation-replies.ts';
import type { LinePostbackEvent } from '../../../integrations/line/webhook-schema.ts';
import { confirmReservationUpdate } from '../../../workflows/orders/chat-order/updates.ts';
import type { ServerDeps } from '../../deps.ts';
import { withOrderWorkflow } from '../../orders/order-workflow.ts';
import { joinWaitlist } from '../../../db/orders/waitlist.ts';
import { parseWaitlistPostback, waitlistJoinReply } from '../../../domain/orders/waitlist.ts';
import { startChatReply } from './start-chat-reply.ts';

export type PostbackOutcome = 'ignored' | 'confirmed' | 'refused' | 'waitlist';

/**
 * A LINE postback: the 「排候補」 button under a sold-out answer (handleWaitlistJoin), or the
 * 「確認購買」 button under a reservation
 * (`confirm:<orderNumber>`, domain/orders/reservation.ts). The confirmation is a Workflow Update
 * whose ID is the webhookEventId, so handling the same event twice confirms once and returns
 * the first outcome. A refusal (expired, already confirmed, someone else's reservation) is
 * answered once through a reply workflow named after the event. Anything else is ignored.
 * Transient failures (Temporal unreachable) throw, and the inbox retries the event.
 */
export async function handlePostback(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenant: { tenantId: string },
  event: LinePostbackEvent,
): Promise<PostbackOutcome> {
  // Standby: another channel (a module) is answering this chat; we must stay silent.
  if (event.mode === 'standby') return 'ignored';
  const waitlist = parseWaitlistPostback(event.postback.data);
  if (waitlist) return handleWaitlistJoin(deps, tenant, event, waitlist);
  const postback = parseReservationPostback(event.postback.data);
  const speaker = chatSpeaker(event.source);
  if (!postback || !speaker) return 'ignored';
  const userId = speaker.lineUserId;

  const order = await deps.db.order.findUnique({
    where: { tenantId_number: { tenantId: tenant.tenantId, number: postback.orderNumber } },
    select: { id: true, workflowId: true, sourceEventId: true },
  });
  if (!order) return 'ignored';
  const replyToken = event.replyToken ?? null;

  let code: ConfirmRefusalCode | null;
  try {
    await withOrderWorkflow(deps, { ...order, tenantId: tenant.tenantId }, (handle) =>
      handle.executeUpdate(confirmReservationUpdate, {
        updateId: event.webhookEventId,
        args: [{ lineUserId: userId, replyToken }],
      }),
    );
    return 'confirmed';
  } catch (error) {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : null;
    if (failure instanceof ApplicationFailure && failure.type === 'no_order') return 'ignored';
    if (failure instanceof ApplicationFailure && isConfirmRefusalCode(failure.type)) {
      code = failure.type;
    } else if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
      // The workflow has ended (a cancelled or expired reservation), or the database refused
      // the change: answer from what the database holds now.
      code = await refusalFromDatabase(deps, tenant.tenantId, order.id, userId);
    } else {
      throw error;
    }
  }
  if (code === null) return 'ignored';
  let text = reservationConfirmRefusedReply(code, postback.orderNumber);
  if (isSharedConversation(speaker.conversation)) {
    // In a group, say whom the answer is for (when the shop knows the member's name).
    const member = await deps.db.customer.findUnique({
      where: { tenantId_lineUserId: { tenantId: tenant.tenantId, lineUserId: userId } },
      select: { displayName: true },
    });
    if (member) text = addressedToMember(member.displayName, text);
  }
  await startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    to: pushDestination(speaker.conversation, userId),
    replyToken,
    text,
    orderId: code === 'not_your_reservation' ? null : order.id,
  });
  return 'refused';
}

async function refusalFromDatabase(
  deps: Pick<ServerDeps, 'db'>,
  tenantId: string,
  orderId: string,
  userId: string,
): Promise<ConfirmRefusalCode | null> {
  const order = await deps.db.order.findFirst({
    where: { id: orderId, tenantId },
    select: {
      status: true,
      customer: { select: { lineUserId: true } },
      events: {
        where: { type: 'status_changed' },
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { data: true },
      },
    },
  });
  if (!order) return null;
  const lastChange = order.events[0]?.data as { reason?: unknown } | undefined;
  const check = checkReservationConfirmation(
    {
      isReservation: true,
      status: order.status,
      expired: lastChange?.reason === 'reservation_expired',
      customerLineUserId: order.customer.lineUserId,
    },
    userId,
  );
  // Still pending with its workflow gone cannot happen in normal operation; say so plainly.
  return check.ok ? 'not_pending' : check.code;
}

/**
 * 「排候補」: joins the product's waitlist (db/orders/waitlist.ts, once per customer and product,
 * once per event) and answers with the place in line, once, through a reply workflow named
 * after the event.
 */
async function handleWaitlistJoin(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenant: { tenantId: string },
  event: LinePostbackEvent,
  request: { productCode: string; quantity: number },
): Promise<PostbackOutcome> {
  const speaker = chatSpeaker(event.source);
  if (!speaker) return 'ignored';
  const join = await joinWaitlist(deps.db, {
    tenantId: tenant.tenantId,
    productCode: request.productCode,
    lineUserId: speaker.lineUserId,
    quantity: request.quantity,
    eventId: event.webhookEventId,
  });
  await startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    to: pushDestination(speaker.conversation, speaker.lineUserId),
    replyToken: event.replyToken ?? null,
    text: waitlistJoinReply(join),
  });
  return 'waitlist';
}
