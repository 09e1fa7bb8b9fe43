import { staffChatActivities } from '../activity-proxies.ts';
import { answerChatEvent, type ChatAnswerResult, type ChatEventInput } from '../chat-event.ts';

/**
 * Products from the LINE chat: a bound member's photo makes a product, and
 * lines quoting that photo edit it. Each runs once per LINE event: one database activity
 * decides and returns the answer, which goes back with the event's reply token (else by push).
 */

export interface ChatProductPhotoInput extends ChatEventInput {
  messageId: string;
  imageSetId: string | null;
  receivedAtMs: number;
}

export interface ChatProductEditWorkflowInput extends ChatEventInput {
  quotedMessageId: string;
  text: string;
}

const db = staffChatActivities;

/**
 * A bound admin's photo: a product with a generated code, and how to fill it in. Another photo
 * of a set already answered, or one from someone not allowed, gets no answer.
 */
export async function chatProductPhotoWorkflow(
  input: ChatProductPhotoInput,
): Promise<ChatAnswerResult & { productId: string | null }> {
  const result = await db.createProductFromChatPhoto({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    messageId: input.messageId,
    imageSetId: input.imageSetId,
    receivedAtMs: input.receivedAtMs,
  });
  return { productId: result.productId, ...(await answerChatEvent(input, result.text)) };
}

/** A bound admin quoting a product's photo with 商品名:… / 價格 … lines. */
export async function chatProductEditWorkflow(input: ChatProductEditWorkflowInput): Promise<ChatAnswerResult> {
  const result = await db.editChatProduct({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    quotedMessageId: input.quotedMessageId,
    text: input.text,
    sourceEventId: input.sourceEventId,
  });
  return answerChatEvent(input, result.text);
}
