import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { writeAudit } from '../../db/audit-log.ts';
import { createRateLimiter } from '../../db/rate-limit.ts';
import { applyChatProductEdit, claimChatPhoto } from '../../db/catalog/chat-products.ts';
import { deleteOrHideProduct, setProductImage } from '../../db/catalog/products.ts';
import { bindStaffLineAccount, findProductAdmin } from '../../db/team/staff-line-binding.ts';
import { parseChatProductLines } from '../../domain/line-chat/chat-product-lines.ts';
import { chatProductEditReply, photoProductCreatedReply } from '../../domain/line-chat/chat-product-replies.ts';
import {
  BINDING_ATTEMPTS_LIMIT,
  BINDING_ATTEMPTS_WINDOW_MS,
  bindingReply,
  type BindingOutcome,
} from '../../domain/team/staff-binding.ts';
import { ImageRejectedError, storeProductImage } from '../../storage/catalog/product-images.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';

const bindInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  code: z.string().regex(/^[0-9]{6}$/),
  sourceEventId: z.string().min(1).max(128),
});
export type BindStaffLineInput = z.infer<typeof bindInput>;

const photoInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
  imageSetId: z.string().min(1).max(128).nullable(),
  receivedAtMs: z.number().int().positive(),
});
export type ChatPhotoInput = z.infer<typeof photoInput>;

const editInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  quotedMessageId: z.string().min(1).max(64),
  text: z.string().max(5000),
  sourceEventId: z.string().min(1).max(128),
});
export type ChatProductEditInput = z.infer<typeof editInput>;

/** An activity's answer for the chat; null: say nothing. */
export interface ChatAnswer {
  text: string | null;
}

export function chatStaffActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  const limiter = createRateLimiter(deps.db);
  return {
    /**
     * A six-digit code typed in the chat: binds that LINE user to the member who holds the code
     * (db/team/staff-line-binding.ts bindStaffLineAccount). Wrong codes count against the LINE user
     * (5 per 10 minutes); a success forgets the count.
     */
    async bindStaffLine(raw: BindStaffLineInput): Promise<ChatAnswer & { outcome: BindingOutcome['kind'] }> {
      const input = bindInput.parse(raw);
      const key = `line-bind:${input.tenantId}:${input.lineUserId}`;
      const limit = await limiter.consume(key, BINDING_ATTEMPTS_LIMIT, BINDING_ATTEMPTS_WINDOW_MS);
      const outcome: BindingOutcome = limit.allowed
        ? await bindStaffLineAccount(deps.db, input)
        : { kind: 'too_many_attempts', retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) };
      if (outcome.kind === 'bound') await limiter.reset(key);
      return { outcome: outcome.kind, text: bindingReply(outcome) };
    },

    /**
     * A photo from a bound member who manages products: a new product (or, for another photo
     * of the same imageSet, nothing new), its photo fetched through LINE's content API and
     * stored in the admin's sizes. Anyone else's photo makes nothing and gets no answer.
     */
    async createProductFromChatPhoto(raw: ChatPhotoInput): Promise<ChatAnswer & { productId: string | null }> {
      const input = photoInput.parse(raw);
      if (!deps.storage) throw ApplicationFailure.nonRetryable('the worker has no file storage', 'no_storage');
      const admin = await findProductAdmin(deps.db, input.tenantId, input.lineUserId);
      if (!admin) return { text: null, productId: null };
      const claimed = await claimChatPhoto(deps.db, { ...input, now: new Date(input.receivedAtMs) });
      if (claimed.kind === 'added_to_set') return { text: null, productId: claimed.productId };
      if (!claimed.imageUrl) {
        const line = await lineClientFor(input.tenantId);
        const content = await line.getMessageContent(input.messageId);
        try {
          const ids = { tenantId: input.tenantId, productId: claimed.productId };
          const base = await storeProductImage(deps.storage, ids, content.data);
          await setProductImage(deps.db, input.tenantId, claimed.productId, base);
        } catch (error) {
          if (!(error instanceof ImageRejectedError)) throw error;
          await deleteOrHideProduct(deps.db, input.tenantId, claimed.productId);
          return { text: `這張照片無法建立商品：${error.message}`, productId: null };
        }
      }
      await writeAudit(deps.db, {
        tenantId: input.tenantId,
        userId: admin.userId,
        actorName: admin.displayName,
        action: 'product.create',
        targetType: 'product',
        targetId: claimed.productId,
        data: { via: 'line_chat', code: claimed.code, messageId: input.messageId },
      });
      return { text: photoProductCreatedReply({ code: claimed.code }), productId: claimed.productId };
    },

    /** A bound member's lines quoting a product photo: the product updated, the answer says what happened. */
    async editChatProduct(raw: ChatProductEditInput): Promise<ChatAnswer> {
      const input = editInput.parse(raw);
      const admin = await findProductAdmin(deps.db, input.tenantId, input.lineUserId);
      if (!admin) return { text: null };
      const { changes, problems } = parseChatProductLines(input.text);
      const result = await applyChatProductEdit(deps.db, {
        tenantId: input.tenantId,
        messageId: input.quotedMessageId,
        changes,
        actor: { userId: admin.userId, displayName: admin.displayName },
        sourceEventId: input.sourceEventId,
      });
      if (!result) return { text: '這張照片的商品已刪除，無法修改。' };
      return { text: chatProductEditReply({ ...result, changes, problems }) };
    },
  };
}
