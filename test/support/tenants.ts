import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateOrderPrefix } from '../../domain/orders/order-number.ts';
import type { Stack } from './stack.ts';

export interface TestProduct {
  code: string;
  name: string;
  price: number;
  stock: number;
  isPublic?: boolean;
  /** Later products are "newer": +N orders the newest public one. */
  createdAt?: Date;
}

export interface TestTenant {
  id: string;
  slug: string;
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  adminLineUserIds: string[];
  products: Map<string, { id: string }>;
}

const randomIndex = (max: number) => randomBytes(4).readUInt32BE(0) % max;

/**
 * A tenant with a LINE channel registered in the sandbox (webhook pointing at our server),
 * the given products, and admins bound to LINE users of that channel.
 */
export async function createTestTenant(
  stack: Stack,
  options: { products: TestProduct[]; admins?: number },
): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  const slug = `shop-${suffix}`;
  const channelId = String(1_600_000_000 + randomIndex(99_999_999));
  const channelSecret = randomBytes(16).toString('hex');
  const channelAccessToken = randomBytes(32).toString('base64url');
  const id = uuidv7();

  for (let attempt = 0; ; attempt++) {
    try {
      await stack.db.tenant.create({
        data: {
          id,
          slug,
          name: `測試商店 ${suffix}`,
          orderPrefix: generateOrderPrefix(randomIndex),
          lineChannelId: channelId,
          lineChannelSecretEnc: stack.secrets.seal(channelSecret),
          lineChannelTokenEnc: stack.secrets.seal(channelAccessToken),
        },
      });
      break;
    } catch (error) {
      if (attempt > 5) throw error; // an order prefix collision is retried with a new prefix
    }
  }

  await sandboxPost(stack, '/_sandbox/channels', {
    channelId,
    channelSecret,
    channelAccessToken,
    botUserId: `U${randomBytes(16).toString('hex')}`,
    webhookUrl: `${stack.apiUrl}/t/${slug}/webhook`,
  });

  const products = new Map<string, { id: string }>();
  const base = Date.now() - 60_000;
  for (const [index, p] of options.products.entries()) {
    const productId = uuidv7();
    await stack.db.product.create({
      data: {
        id: productId,
        tenantId: id,
        code: p.code,
        name: p.name,
        price: p.price,
        stock: p.stock,
        isPublic: p.isPublic ?? true,
        createdAt: p.createdAt ?? new Date(base + index * 1000),
      },
    });
    products.set(p.code, { id: productId });
  }

  const adminLineUserIds: string[] = [];
  for (let i = 0; i < (options.admins ?? 1); i++) {
    const user = await createSandboxUser(stack, `店長${i + 1}`);
    await stack.db.staff.create({
      data: { id: uuidv7(), tenantId: id, displayName: `店長${i + 1}`, role: 'owner', lineUserId: user },
    });
    adminLineUserIds.push(user);
  }
  return { id, slug, channelId, channelSecret, channelAccessToken, adminLineUserIds, products };
}

export async function createSandboxUser(stack: Stack, displayName: string): Promise<string> {
  const user = (await sandboxPost(stack, '/_sandbox/users', { displayName })) as { userId: string };
  return user.userId;
}

/** A customer types `text` in the tenant's chat; the sandbox signs and delivers the webhook. */
export async function sendChat(
  stack: Stack,
  tenant: TestTenant,
  userId: string,
  text: string,
): Promise<{ webhookEventId: string; replyToken: string; status: number }> {
  return (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, { userId, text })) as {
    webhookEventId: string;
    replyToken: string;
    status: number;
  };
}

export interface SentMessage {
  kind: 'reply' | 'push';
  to: string;
  messages: { type: string; text?: string }[];
  retryKey?: string | null;
}

/** What the project sent through LINE to `to` (replies and pushes), oldest first. */
export async function sentTo(stack: Stack, tenant: TestTenant, to: string): Promise<SentMessage[]> {
  const response = await fetch(`${stack.sandboxUrl}/_sandbox/channels/${tenant.channelId}/sent?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`sandbox /sent answered ${response.status}`);
  const body = (await response.json()) as SentMessage[] | { messages: SentMessage[] };
  return Array.isArray(body) ? body : body.messages;
}

export async function sandboxPost(stack: Stack, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${stack.sandboxUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
