import type { Workflow } from '@temporalio/common';
import type { ChatConversation } from '../../../domain/line-chat/chat-conversation.ts';
import { findChatPhotoProduct } from '../../../db/catalog/chat-products.ts';
import { findProductAdmin } from '../../../db/team/staff-line-binding.ts';
import type { LineImageMessageEvent, LineMessageEvent } from '../../../integrations/line/webhook-schema.ts';
import type { chatProductEditWorkflow, chatProductPhotoWorkflow } from '../../../workflows/catalog/chat-products.ts';
import type { lineBindingWorkflow } from '../../../workflows/team/line-binding.ts';
import { startChatWorkflow } from './start-chat-workflow.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

/**
 * The shop's own people in the chat: a binding code, a product photo, an edit quoting a
 * product photo. Each starts its workflow once per event (workflows/team/line-binding.ts,
 * workflows/catalog/chat-products.ts).
 */

interface Speaker {
  lineUserId: string;
  conversation: ChatConversation;
}

/** What every staff workflow's input starts with (ChatEventInput in workflows/chat-event.ts). */
type EventFields = 'tenantId' | 'sourceEventId' | 'lineUserId' | 'replyToken' | 'conversation';

/** Starts one staff workflow for this event, its input filled with the event's own fields. */
async function startStaffWorkflow<W extends Workflow>(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
  speaker: Speaker,
  start: { workflowType: string; summary: string; input: Omit<Parameters<W>[0], EventFields> },
): Promise<void> {
  await startChatWorkflow<W>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: start.workflowType,
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      ...start.input,
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId: speaker.lineUserId,
      replyToken: event.replyToken ?? null,
      ...(speaker.conversation.type === 'user' ? {} : { conversation: speaker.conversation }),
    } as Parameters<W>[0],
    summary: start.summary,
  });
}

/** Six digits alone in the 1:1 chat (domain/team/staff-binding.ts): bind that LINE user. */
export async function startLineBinding(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineMessageEvent,
  speaker: Speaker,
  code: string,
): Promise<'binding'> {
  await startStaffWorkflow<typeof lineBindingWorkflow>(deps, tenant, event, speaker, {
    workflowType: 'lineBindingWorkflow',
    summary: 'LINE 帳號綁定',
    input: { code },
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
  await startStaffWorkflow<typeof chatProductPhotoWorkflow>(deps, tenant, event, speaker, {
    workflowType: 'chatProductPhotoWorkflow',
    summary: 'LINE 照片建立商品',
    input: {
      messageId: event.message.id,
      imageSetId: event.message.imageSet?.id ?? null,
      receivedAtMs: event.timestamp,
    },
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
  await startStaffWorkflow<typeof chatProductEditWorkflow>(deps, tenant, event, speaker, {
    workflowType: 'chatProductEditWorkflow',
    summary: 'LINE 修改商品',
    input: { quotedMessageId, text: event.message.text },
  });
  return 'product_edit';
}
