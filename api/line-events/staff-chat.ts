import type { ChatConversation } from '../../domain/chat-conversation.ts';
import { findChatPhotoProduct } from '../../db/chat-products.ts';
import { findProductAdmin } from '../../db/staff-line-binding.ts';
import type { LineImageMessageEvent, LineMessageEvent } from '../../integrations/line/webhook-schema.ts';
import type {
  chatProductEditWorkflow,
  chatProductPhotoWorkflow,
  lineBindingWorkflow,
} from '../../workflows/chat-staff.ts';
import { startChatWorkflow } from './start-chat-workflow.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

/**
 * The shop's own people in the chat (issue 4, part 5): a binding code, a product photo, an
 * edit quoting a product photo. Each starts its workflow once per event (workflows/chat-staff.ts).
 */

interface Speaker {
  lineUserId: string;
  conversation: ChatConversation;
}

const shared = (speaker: Speaker) =>
  speaker.conversation.type === 'user' ? {} : { conversation: speaker.conversation };

/** Six digits alone in the 1:1 chat (domain/staff-binding.ts): bind that LINE user. */
export async function startLineBinding(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
  speaker: Speaker,
  code: string,
): Promise<'binding'> {
  await startChatWorkflow<typeof lineBindingWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: 'lineBindingWorkflow',
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken: event.replyToken ?? null,
      code,
    },
    summary: 'LINE 帳號綁定',
  });
  return 'binding';
}

/** A photo: a product, when a bound member who manages products sent it; nothing otherwise. */
export async function handleProductPhoto(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineImageMessageEvent,
  speaker: Speaker,
): Promise<'ignored' | 'product_photo'> {
  // External content (contentProvider external) cannot be downloaded from LINE.
  if (event.message.contentProvider.type !== 'line') return 'ignored';
  if (!(await findProductAdmin(deps.db, tenant.tenantId, speaker.lineUserId))) return 'ignored';
  await startChatWorkflow<typeof chatProductPhotoWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: 'chatProductPhotoWorkflow',
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken: event.replyToken ?? null,
      messageId: event.message.id,
      imageSetId: event.message.imageSet?.id ?? null,
      receivedAtMs: event.timestamp,
      ...shared(speaker),
    },
    summary: 'LINE 照片建立商品',
  });
  return 'product_photo';
}

/** The LINE message ID of a product photo the text quotes, or null. */
export async function quotedProductPhoto(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  quotedMessageId: string | undefined,
): Promise<string | null> {
  if (!quotedMessageId) return null;
  return (await findChatPhotoProduct(deps.db, tenant.tenantId, quotedMessageId)) ? quotedMessageId : null;
}

/** Lines quoting a product photo, from a bound member who manages products: edit the product. */
export async function handleProductEdit(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent & { message: { text: string } },
  speaker: Speaker,
  quotedMessageId: string,
): Promise<'ignored' | 'product_edit'> {
  if (!(await findProductAdmin(deps.db, tenant.tenantId, speaker.lineUserId))) return 'ignored';
  await startChatWorkflow<typeof chatProductEditWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: 'chatProductEditWorkflow',
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken: event.replyToken ?? null,
      quotedMessageId,
      text: event.message.text,
      ...shared(speaker),
    },
    summary: 'LINE 修改商品',
  });
  return 'product_edit';
}
