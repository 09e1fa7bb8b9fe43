import { writeAudit } from '../audit-log.ts';
import { v7 as uuidv7 } from 'uuid';
import type { ChatProductChanges } from '../../domain/line-chat/chat-product-lines.ts';
import { missingForSale } from '../../domain/line-chat/chat-product-replies.ts';
import { UNLIMITED_STOCK } from '../../domain/orders/stock.ts';
import type { Db } from '../client.ts';
import { insertProduct } from './products.ts';

/**
 * Products made from photos in the LINE chat. Each photo's LINE message ID
 * points at its product (chat_product_photos), so quoting the photo edits or orders it.
 */

export async function findChatPhotoProduct(db: Db, tenantId: string, messageId: string): Promise<string | null> {
  const photo = await db.chatProductPhoto.findUnique({
    where: { tenantId_messageId: { tenantId, messageId } },
    select: { productId: true },
  });
  return photo?.productId ?? null;
}

export type ClaimedPhoto =
  | { kind: 'created'; productId: string; code: string; imageUrl: string | null }
  | { kind: 'added_to_set'; productId: string; code: string };

/**
 * The product for one photo: a new one (not public, waiting for its name and price, stock
 * unlimited), or, for a photo of a LINE imageSet whose product exists, that product. The set
 * is locked (advisory lock), so photos of one set arriving together make one product. Running
 * it again for the same photo returns what the first run did.
 */
export async function claimChatPhoto(
  db: Db,
  input: { tenantId: string; messageId: string; imageSetId: string | null; now: Date },
): Promise<ClaimedPhoto> {
  return db.$transaction(async (tx) => {
    const lockKey = `chat-photo:${input.tenantId}:${input.imageSetId ?? input.messageId}`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
    const mine = await tx.chatProductPhoto.findUnique({
      where: { tenantId_messageId: { tenantId: input.tenantId, messageId: input.messageId } },
      include: { product: { select: { id: true, code: true, imageUrl: true } } },
    });
    const firstOf = async (productId: string) =>
      tx.chatProductPhoto.findFirst({
        where: { productId },
        orderBy: { createdAt: 'asc' },
        select: { messageId: true },
      });
    if (mine) {
      const first = await firstOf(mine.productId);
      return first?.messageId === input.messageId
        ? { kind: 'created', productId: mine.product.id, code: mine.product.code, imageUrl: mine.product.imageUrl }
        : { kind: 'added_to_set', productId: mine.product.id, code: mine.product.code };
    }
    const sibling = input.imageSetId
      ? await tx.chatProductPhoto.findFirst({
          where: { tenantId: input.tenantId, imageSetId: input.imageSetId },
          include: { product: { select: { id: true, code: true } } },
        })
      : null;
    if (sibling) {
      await tx.chatProductPhoto.create({
        data: {
          id: uuidv7(),
          tenantId: input.tenantId,
          productId: sibling.productId,
          messageId: input.messageId,
          imageSetId: input.imageSetId,
          createdAt: input.now,
        },
      });
      return { kind: 'added_to_set', productId: sibling.product.id, code: sibling.product.code };
    }
    const product = await insertProduct(
      tx,
      input.tenantId,
      { name: '', price: 0, stock: UNLIMITED_STOCK, isPublic: false, awaitingDetails: true },
      input.now,
    );
    await tx.chatProductPhoto.create({
      data: {
        id: uuidv7(),
        tenantId: input.tenantId,
        productId: product.id,
        messageId: input.messageId,
        imageSetId: input.imageSetId,
        createdAt: input.now,
      },
    });
    return { kind: 'created', productId: product.id, code: product.code, imageUrl: null };
  });
}

export interface ChatProductEditResult {
  productId: string;
  code: string;
  /** It went on sale with this edit (had been waiting for its name and price). */
  published: boolean;
  missing: ('name' | 'price')[];
  isPublic: boolean;
}

/**
 * Applies a quoted edit (already parsed and checked by domain/line-chat/chat-product-lines.ts) to the
 * photo's product; publishes it the first time it has both a name and a price. Audited as the
 * bound member. null when the photo has no product (deleted) in this tenant.
 */
export async function applyChatProductEdit(
  db: Db,
  input: {
    tenantId: string;
    messageId: string;
    changes: ChatProductChanges;
    actor: { userId: string | null; displayName: string };
    sourceEventId: string;
  },
): Promise<ChatProductEditResult | null> {
  return db.$transaction(async (tx) => {
    const photo = await tx.chatProductPhoto.findUnique({
      where: { tenantId_messageId: { tenantId: input.tenantId, messageId: input.messageId } },
      select: { productId: true },
    });
    if (!photo) return null;
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM products WHERE id = ${photo.productId}::uuid AND tenant_id = ${input.tenantId}::uuid
        AND deleted_at IS NULL FOR UPDATE`;
    if (!locked) return null;
    let product = await tx.product.update({ where: { id: photo.productId }, data: input.changes });
    const missing = missingForSale(product);
    const published = product.awaitingDetails && missing.length === 0;
    if (published) {
      product = await tx.product.update({
        where: { id: product.id },
        data: { isPublic: true, awaitingDetails: false },
      });
    }
    await writeAudit(tx, {
      tenantId: input.tenantId,
      userId: input.actor.userId,
      actorName: input.actor.displayName,
      action: 'product.update',
      targetType: 'product',
      targetId: product.id,
      data: {
        via: 'line_chat',
        sourceEventId: input.sourceEventId,
        ...input.changes,
        ...(published ? { isPublic: true } : {}),
      },
    });
    return {
      productId: product.id,
      code: product.code,
      published,
      missing: product.awaitingDetails ? missing : [],
      isPublic: product.isPublic,
    };
  });
}
