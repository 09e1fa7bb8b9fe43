import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorkflowId } from '../../../domain/workflow-ids.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Products from the LINE chat, through the sandbox: a bound admin's photo makes a product
 * (content API → storage in the admin's sizes), quoting the photo with 商品名/價格/庫存 lines
 * edits it and publishes it, and a customer quoting the photo with +N orders THAT product.
 */

let stack: Stack;
let tenant: TestTenant;
let admin: string;
let jpeg: string;
const NEWEST = '250101009';

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: NEWEST, name: '最新商品', price: 99, stock: 100 }],
  });
  admin = tenant.adminLineUserIds[0]!;
  const bytes = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer();
  jpeg = bytes.toString('base64');
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, dispatched } = shopHelpers(() => ({ stack, tenant }));

interface Sent {
  webhookEventId: string;
  messageId: string;
  status: number;
}
const messages = `/_sandbox/channels/{channel}/messages`;
const post = (body: Record<string, unknown>) =>
  sandboxPost(stack, messages.replace('{channel}', tenant.channelId), body) as Promise<Sent>;
const sendPhoto = (userId: string, extra: Record<string, unknown> = {}, image: Record<string, unknown> = {}) =>
  post({ userId, image: { dataBase64: jpeg, contentType: 'image/jpeg', ...image }, ...extra });
const quote = (userId: string, quotedMessageId: string, text: string, extra: Record<string, unknown> = {}) =>
  post({ userId, text, quotedMessageId, ...extra });
const photoRow = (messageId: string) =>
  stack.db.chatProductPhoto.findUnique({
    where: { tenantId_messageId: { tenantId: tenant.id, messageId } },
    include: { product: true },
  });
const productOfPhoto = async (messageId: string) =>
  waitFor('the photo’s product', async () => (await photoRow(messageId))?.product ?? undefined);

/** The event's workflow result, once the inbox has started it (the webhook only stores the event). */
const workflowResult = async <T>(webhookEventId: string) => {
  await dispatched(webhookEventId);
  return stack.temporal.workflow.getHandle(chatWorkflowId(tenant.id, webhookEventId)).result() as Promise<T>;
};
const orderOf = (webhookEventId: string) =>
  stack.db.order.findUnique({
    where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: webhookEventId } },
    include: { items: true },
  });

/** A product made from a photo and completed by a quoted edit (public), returned with the photo's message ID. */
async function publicPhotoProduct(name: string, price: number, stock: number) {
  const photo = await sendPhoto(admin);
  const before = (await textsTo(admin)).length;
  await messagesFor(admin, before === 0 ? 1 : before);
  const product = await productOfPhoto(photo.messageId);
  const count = (await textsTo(admin)).length;
  await quote(admin, photo.messageId, `商品名:${name}\n價格 ${price}\n庫存 ${stock}`);
  await messagesFor(admin, count + 1);
  await waitFor('published', async () =>
    (await stack.db.product.findUnique({ where: { id: product.id } }))?.isPublic ? true : undefined,
  );
  return { messageId: photo.messageId, product };
}

describe('products from photos in the chat', () => {
  it('a bound admin’s photo makes a non-public product with a code, its photo stored in three sizes', async () => {
    const photo = await sendPhoto(admin);
    expect(photo.status).toBe(200);
    const product = await productOfPhoto(photo.messageId);
    const result = await workflowResult<{ productId: string; delivery: string }>(photo.webhookEventId);
    expect(result).toEqual({ productId: product.id, delivery: 'reply' });
    await recordHistory(chatWorkflowId(tenant.id, photo.webhookEventId), 'chat-product-photo-created');
    const stored = await stack.db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(stored).toMatchObject({ name: '', price: 0, stock: -1, isPublic: false, awaitingDetails: true });
    expect(stored.code).toMatch(/^\d{9}$/);
    expect(stored.imageUrl).toMatch(new RegExp(`^/media/products/${tenant.id}/${product.id}/[0-9a-f]+$`));
    for (const size of [240, 480, 1080]) {
      const response = await fetch(`${stack.apiUrl}${stored.imageUrl}/${size}.jpg`);
      expect(response.status, `${size}`).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.width).toBe(Math.min(600, size));
    }
    const [reply] = await messagesFor(admin, 1);
    expect(reply).toContain(`商品代碼：${stored.code}`);
    expect(reply).toContain('商品名:新款上衣');
    expect(reply).toContain('尚未公開');
    const audit = await stack.db.auditLog.findFirst({
      where: { tenantId: tenant.id, action: 'product.create', targetId: product.id },
    });
    expect(audit?.actorName).toBe('店長1');
    // +1 still orders the newest PUBLIC product, not the draft.
    const customer = await createSandboxUser(stack, '不挑的顧客');
    const order = await post({ userId: customer, text: '+1' });
    const placed = await waitFor('order', () => orderOf(order.webhookEventId).then((o) => o ?? undefined));
    expect(placed.items[0]!.productCode).toBe(NEWEST);
  });

  it('quoting the photo with lines edits the product; unknown lines and bad values are named; name + price publish it', async () => {
    const photo = await sendPhoto(admin);
    const product = await productOfPhoto(photo.messageId);
    await workflowResult(photo.webhookEventId);
    const before = (await textsTo(admin)).length;

    const first = await quote(admin, photo.messageId, '商品名：新款上衣\n顏色 紅色\n庫存　20');
    const [, firstReply] = [undefined, (await messagesFor(admin, before + 1)).at(-1)!];
    expect(firstReply).toContain(`商品 ${product.code}`);
    expect(firstReply).toContain('・商品名：「新款上衣」');
    expect(firstReply).toContain('・庫存：20');
    expect(firstReply).toContain('・顏色 紅色 → 看不懂這行');
    expect(firstReply).toContain('還缺：價格');
    let stored = await stack.db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(stored).toMatchObject({ name: '新款上衣', stock: 20, isPublic: false, awaitingDetails: true });

    await quote(admin, photo.messageId, '價格 abc');
    const badReply = (await messagesFor(admin, before + 2)).at(-1)!;
    expect(badReply).toContain('沒有更新任何欄位');
    expect(badReply).toContain('・價格 abc → 價格請輸入');

    const last = await quote(admin, photo.messageId, '價格：１,５００');
    const publishedReply = (await messagesFor(admin, before + 3)).at(-1)!;
    expect(publishedReply).toContain('・價格：NT$1,500');
    expect(publishedReply).toContain('商品已公開');
    await workflowResult(last.webhookEventId);
    await recordHistory(chatWorkflowId(tenant.id, last.webhookEventId), 'chat-product-edited');
    stored = await stack.db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(stored).toMatchObject({ price: 1500, isPublic: true, awaitingDetails: false });

    // LINE redelivers the first edit and the last: nothing happens twice.
    await stack.db.product.update({ where: { id: product.id }, data: { stock: 7 } });
    for (const event of [first, last]) expect((await redeliver(event.webhookEventId)).status).toBe(200);
    await settle();
    expect(await textsTo(admin)).toHaveLength(before + 3);
    expect((await stack.db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(7);
    const audits = await stack.db.auditLog.count({
      where: { tenantId: tenant.id, action: 'product.update', targetId: product.id },
    });
    expect(audits).toBe(3);
  });

  it('photos and quoted lines from someone who is not a bound product manager create and change nothing', async () => {
    const stranger = await createSandboxUser(stack, '路人');
    const photo = await sendPhoto(stranger);
    await dispatched(photo.webhookEventId);
    // A bound member who may only look at products is not allowed either.
    const viewer = await createSandboxUser(stack, '只看店員');
    await stack.db.staff.create({
      data: { tenantId: tenant.id, displayName: '只看店員', role: 'staff', lineUserId: viewer },
    });
    const viewerPhoto = await sendPhoto(viewer);
    await dispatched(viewerPhoto.webhookEventId);
    const adminPhoto = await publicPhotoProduct('不可亂改', 300, 5);
    const edit = await quote(stranger, adminPhoto.messageId, '價格 1');
    await dispatched(edit.webhookEventId);
    await settle();
    expect(await photoRow(photo.messageId)).toBeNull();
    expect(await photoRow(viewerPhoto.messageId)).toBeNull();
    expect(await textsTo(stranger)).toEqual([]);
    expect(await textsTo(viewer)).toEqual([]);
    expect((await stack.db.product.findUniqueOrThrow({ where: { id: adminPhoto.product.id } })).price).toBe(300);
  });

  it('an imageSet (several photos in one send) makes one product; quoting any of its photos edits it', async () => {
    const setId = uuidv7();
    const before = (await textsTo(admin)).length;
    const sent = await Promise.all(
      [1, 2, 3].map((index) => sendPhoto(admin, {}, { imageSet: { id: setId, index, total: 3 } })),
    );
    for (const s of sent) await workflowResult(s.webhookEventId);
    const rows = await stack.db.chatProductPhoto.findMany({ where: { tenantId: tenant.id, imageSetId: setId } });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.productId)).size).toBe(1);
    const texts = await messagesFor(admin, before + 1);
    await settle();
    expect(await textsTo(admin)).toHaveLength(before + 1);
    expect(texts.at(-1)).toContain('商品代碼');
    await quote(admin, sent[2]!.messageId, '品名 三張照片的商品');
    await messagesFor(admin, before + 2);
    expect((await stack.db.product.findUniqueOrThrow({ where: { id: rows[0]!.productId } })).name).toBe(
      '三張照片的商品',
    );
  });

  it('once the merchant sets a draft’s visibility in the admin, a chat edit no longer publishes it', async () => {
    const photo = await sendPhoto(admin);
    const product = await productOfPhoto(photo.messageId);
    await workflowResult(photo.webhookEventId);
    const owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
    const response = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/products/${product.id}`, {
      method: 'PATCH',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '後台命名', price: 800, isPublic: false }),
    });
    expect(response.status).toBe(200);
    const before = (await textsTo(admin)).length;
    await quote(admin, photo.messageId, '庫存 3');
    const reply = (await messagesFor(admin, before + 1)).at(-1)!;
    expect(reply).toContain('・庫存：3');
    expect(reply).toContain('目前不公開');
    expect(await stack.db.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      stock: 3,
      isPublic: false,
      awaitingDetails: false,
    });
  });

  it('a redelivered photo makes no second product and no second answer', async () => {
    const before = (await textsTo(admin)).length;
    const photo = await sendPhoto(admin);
    await productOfPhoto(photo.messageId);
    await messagesFor(admin, before + 1);
    const products = await stack.db.product.count({ where: { tenantId: tenant.id } });
    expect((await redeliver(photo.webhookEventId)).status).toBe(200);
    await settle();
    expect(await stack.db.product.count({ where: { tenantId: tenant.id } })).toBe(products);
    expect(await textsTo(admin)).toHaveLength(before + 1);
  });
});

describe('quote to order', () => {
  it('a customer quoting the product photo with +N orders THAT product, not the newest', async () => {
    const { messageId, product } = await publicPhotoProduct('引用商品', 450, 10);
    // A newer public product exists: a bare +1 would order it.
    await stack.db.product.create({
      data: {
        tenantId: tenant.id,
        code: '250101099',
        name: '更新的商品',
        price: 1,
        stock: 5,
        createdAt: new Date(Date.now() + 86_400_000),
      },
    });
    const customer = await createSandboxUser(stack, '引用顧客');
    const sent = await quote(customer, messageId, '+2');
    const order = await waitFor('order', () => orderOf(sent.webhookEventId).then((o) => o ?? undefined));
    expect(order.items).toEqual([
      expect.objectContaining({
        productId: product.id,
        productName: '引用商品',
        requestedQuantity: 2,
        allocatedQuantity: 2,
      }),
    ]);
    expect(order.total).toBe(900);
    const [reply] = await messagesFor(customer, 1);
    expect(reply).toContain(order.number);
    expect(reply).toContain('引用商品');
    expect((await stack.db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(8);
  });

  it('in a group: the admin posts the photo there, a member quotes it with +1 and gets that product', async () => {
    const groupId = `C${uuidv7().replace(/-/g, '')}`;
    const photo = await sendPhoto(admin, { groupId });
    const product = await productOfPhoto(photo.messageId);
    const [created] = await messagesFor(groupId, 1);
    expect(created).toContain(product.code);
    await quote(admin, photo.messageId, '商品名 群組商品\n價格 200', { groupId });
    await messagesFor(groupId, 2);
    // Not the shop's friend: LINE gives their name only through the group member profile.
    const { userId: member } = (await sandboxPost(stack, '/_sandbox/users', {
      displayName: '群組顧客',
      isFriend: false,
    })) as { userId: string };
    const sent = await quote(member, photo.messageId, '+1', { groupId });
    const order = await waitFor('order', () => orderOf(sent.webhookEventId).then((o) => o ?? undefined));
    expect(order.items[0]).toMatchObject({ productId: product.id, productName: '群組商品' });
    const texts = await messagesFor(groupId, 3);
    expect(texts.at(-1)!.startsWith('@群組顧客\n')).toBe(true);
  });

  it('quoting a product that is not on sale gets a clear answer and no order', async () => {
    const photo = await sendPhoto(admin);
    await productOfPhoto(photo.messageId);
    const customer = await createSandboxUser(stack, '太早的顧客');
    const sent = await quote(customer, photo.messageId, '+1');
    const [reply] = await messagesFor(customer, 1);
    expect(reply).toContain('您引用的商品目前沒有開放購買');
    expect(await orderOf(sent.webhookEventId)).toBeNull();
    // Deleted (hidden) after it was public: the same answer.
    const { messageId, product } = await publicPhotoProduct('下架商品', 100, 5);
    await stack.db.product.update({ where: { id: product.id }, data: { deletedAt: new Date(), isPublic: false } });
    const again = await quote(customer, messageId, '+1');
    const texts = await messagesFor(customer, 2);
    expect(texts[1]).toContain('您引用的商品目前沒有開放購買');
    expect(await orderOf(again.webhookEventId)).toBeNull();
  });

  it('CODE+N quoting a photo orders the code’s product (the explicit code wins); a quote of any other message is a plain +N', async () => {
    const { messageId } = await publicPhotoProduct('被引用的', 100, 5);
    const customer = await createSandboxUser(stack, '代碼顧客');
    const sent = await quote(customer, messageId, `${NEWEST}+1`);
    const order = await waitFor('order', () => orderOf(sent.webhookEventId).then((o) => o ?? undefined));
    expect(order.items[0]!.productCode).toBe(NEWEST);
    const chat = await post({ userId: customer, text: '隨便聊聊' });
    const plain = await quote(customer, chat.messageId, '+1');
    const newest = await waitFor('order', () => orderOf(plain.webhookEventId).then((o) => o ?? undefined));
    expect(newest.items[0]!.productName).toBe('更新的商品');
  });

  it('another shop’s customer quoting this shop’s photo ID orders nothing of this shop', async () => {
    const { messageId, product } = await publicPhotoProduct('本店商品', 100, 5);
    const otherShop = await createTestTenant(stack, {
      products: [{ code: '250101001', name: '別家商品', price: 10, stock: 5 }],
    });
    const customer = await createSandboxUser(stack, '別家顧客');
    const sent = (await sandboxPost(stack, `/_sandbox/channels/${otherShop.channelId}/messages`, {
      userId: customer,
      text: '+1',
      quotedMessageId: messageId,
    })) as Sent;
    const order = await waitFor(
      'order',
      async () =>
        (await stack.db.order.findUnique({
          where: { tenantId_sourceEventId: { tenantId: otherShop.id, sourceEventId: sent.webhookEventId } },
          include: { items: true },
        })) ?? undefined,
    );
    expect(order.items[0]!.productName).toBe('別家商品');
    expect(await stack.db.orderItem.count({ where: { productId: product.id } })).toBe(0);
  });
});
