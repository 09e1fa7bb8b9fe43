import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { writeAudit } from '../../db/audit-log.ts';
import { applyChatProductEdit, claimChatPhoto } from '../../db/catalog/chat-products.ts';
import { deleteOrHideProduct, setProductImage } from '../../db/catalog/products.ts';
import { findProductAdmin } from '../../db/team/staff-line-binding.ts';
import { parseChatProductLines } from '../../domain/line-chat/chat-product-lines.ts';
import {
  chatProductEditReply,
  photoProductCreatedReply,
  photoProductRejectedReply,
  quotedProductDeletedReply,
} from '../../domain/line-chat/chat-product-replies.ts';
import { ImageRejectedError, storeProductImage } from '../../storage/catalog/product-images.ts';
import type { ChatAnswer } from '../chat-answer.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';

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

/** Products a bound member who manages products makes and edits from the LINE chat. */
export function chatProductActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
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
          return { text: photoProductRejectedReply(error.message), productId: null };
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
      if (!result) return { text: quotedProductDeletedReply() };
      return { text: chatProductEditReply({ ...result, changes, problems }) };
    },
  };
}
