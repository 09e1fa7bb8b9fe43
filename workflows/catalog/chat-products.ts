import { ActivityFailure, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { Delivery } from '../../activities/orders/notify.ts';
import { pushDestination, type ChatConversation } from '../../domain/line-chat/chat-conversation.ts';
import { lineMessageActivities } from '../activity-proxies.ts';

/**
 * The shop's own people in the LINE chat (issue 4, part 5): binding a LINE account with a
 * one-time code, products from photos, and edits by quoting a product's photo. Each runs once
 * per LINE event (the workflow ID is the webhookEventId's): one database activity decides and
 * returns the answer, which goes back with the event's reply token (else by push).
 */

interface ChatEventInput {
  tenantId: string;
  /** LINE webhookEventId. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  /** Where it was written; absent means the 1:1 chat. */
  conversation?: ChatConversation;
}

export interface LineBindingInput extends ChatEventInput {
  code: string;
}

export interface ChatProductPhotoInput extends ChatEventInput {
  messageId: string;
  imageSetId: string | null;
  receivedAtMs: number;
}

export interface ChatProductEditWorkflowInput extends ChatEventInput {
  quotedMessageId: string;
  text: string;
}

export interface ChatStaffResult {
  /** null: nothing was said (a photo of a set already answered, or from someone not allowed). */
  delivery: Delivery | null;
}

const db = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const line = lineMessageActivities;

// The admin rich menu is a convenience: a few tries, and a binding never fails for it.
const richMenu = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['line_not_connected'] },
});

async function answer(input: ChatEventInput, text: string | null): Promise<ChatStaffResult> {
  if (text === null) return { delivery: null };
  const delivery = await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: null,
    to: pushDestination(input.conversation, input.lineUserId),
    replyToken: input.replyToken,
    text,
    retryKey: uuid4(),
  });
  return { delivery };
}

/** A six-digit code typed alone in the 1:1 chat: bind, and say 綁定成功 (or why not). */
export async function lineBindingWorkflow(input: LineBindingInput): Promise<ChatStaffResult & { outcome: string }> {
  const result = await db.bindStaffLine({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    code: input.code,
    sourceEventId: input.sourceEventId,
  });
  const answered = await answer(input, result.text);
  // A bound member gets the shop's admin rich menu (once the shop has applied its menus).
  if (result.outcome === 'bound') {
    await richMenu
      .linkStaffToAdminRichMenu({ tenantId: input.tenantId, lineUserId: input.lineUserId })
      .catch((error: unknown) => {
        if (!(error instanceof ActivityFailure)) throw error;
      });
  }
  return { outcome: result.outcome, ...answered };
}

/** A bound admin's photo: a product with a generated code, and how to fill it in. */
export async function chatProductPhotoWorkflow(
  input: ChatProductPhotoInput,
): Promise<ChatStaffResult & { productId: string | null }> {
  const result = await db.createProductFromChatPhoto({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    messageId: input.messageId,
    imageSetId: input.imageSetId,
    receivedAtMs: input.receivedAtMs,
  });
  return { productId: result.productId, ...(await answer(input, result.text)) };
}

/** A bound admin quoting a product's photo with 商品名:… / 價格 … lines. */
export async function chatProductEditWorkflow(input: ChatProductEditWorkflowInput): Promise<ChatStaffResult> {
  const result = await db.editChatProduct({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    quotedMessageId: input.quotedMessageId,
    text: input.text,
    sourceEventId: input.sourceEventId,
  });
  return answer(input, result.text);
}
