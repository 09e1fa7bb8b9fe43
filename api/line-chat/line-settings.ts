import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lineSettingsSchema, quotaStatus, tokenTail, type QuotaStatus } from '../../domain/line-chat/line-settings.ts';
import { createLineClient, LineApiError, type LineBotInfo } from '../../integrations/line/client.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import type { TenantLineDirectory } from './tenant-secrets.ts';

/**
 * The LINE connection of a shop (初始設定: LINE官方帳號連動, and what 疑難排解 checks):
 * the channel's ID, secret and access token and the LIFF ID, the webhook URL to paste into the
 * LINE Developers console, and a verify button that asks the Messaging API whether the token
 * works, belongs to that channel, and how much of the monthly message quota is used.
 * Secrets are stored sealed (db/secret-box.ts) and never leave the server.
 */

export interface LineSettings {
  channelId: string | null;
  liffId: string | null;
  channelSecretSet: boolean;
  accessTokenSet: boolean;
  /** The stored token's last 4 characters, so a merchant can tell which one it is. */
  accessTokenTail: string | null;
  /** `${PUBLIC_BASE_URL}/t/<slug>/webhook`, for the console's Webhook URL field. */
  webhookUrl: string;
  /** Secret, token and channel ID are all there: the webhook can verify deliveries. */
  connected: boolean;
}

export type LineVerifyProblem =
  'not_configured' | 'token_invalid' | 'channel_mismatch' | 'channel_not_found' | 'network' | 'line_error';

export type LineVerifyResult =
  | {
      ok: true;
      message: string;
      bot: { displayName: string; basicId: string; pictureUrl: string | null };
      channelId: string;
      /** Null when LINE would not tell (the connection is still fine). */
      quota: QuotaStatus | null;
      quotaMessage: string | null;
    }
  | { ok: false; problem: LineVerifyProblem; message: string };

/** This month's quota for the admin; `quota` null when not connected or LINE did not answer. */
export interface LineQuotaResult {
  quota: QuotaStatus | null;
  /** The warning at 80% and more, or why the quota could not be read. */
  message: string | null;
}

const MESSAGES = {
  not_configured: '尚未設定完成：請先填入 Channel ID、Channel secret 和 Access token 並儲存。',
  token_invalid:
    'Access token 無效或已過期。請到 LINE Developers 控制台的 Messaging API 頁重新發行（Issue）channel access token，完整複製後貼上並儲存。',
  channel_not_found:
    '找不到這個頻道的 LINE 官方帳號。請確認 Channel ID 正確，且這是 Messaging API 頻道（不是 LINE Login 頻道）。',
  network: '目前連不上 LINE 伺服器（網路問題），設定本身可能沒有錯，請稍後再按一次「驗證」。',
  line_error: 'LINE 伺服器暫時無法回應，請稍後再按一次「驗證」。',
} as const;

function mismatchMessage(saved: string, actual: string) {
  return `這個 Access token 屬於頻道 ${actual}，不是你填的 Channel ID ${saved}。請確認兩者來自 LINE Developers 控制台的同一個頻道。`;
}

function quotaMessage(q: QuotaStatus): string | null {
  if (q.limit === null) return null;
  if (q.exhausted) return `本月的訊息額度（${q.limit} 則）已經用完，推播通知會發送失敗，直到下個月重置或升級方案。`;
  if (q.nearLimit)
    return `本月的訊息額度已使用 ${q.percent}%（${q.used} / ${q.limit} 則），快用完了；用完後推播通知會發送失敗。`;
  return null;
}

/** Verifying takes no input; a JSON object is tolerated for clients that always send one. */
const verifyBody = z.object({}).loose();
const NOT_FOUND = { code: 'not_found', message: '找不到這個商店 (no shop with this address)' } as const;

function problemOf(error: unknown, step: 'token' | 'bot'): LineVerifyProblem {
  if (!(error instanceof LineApiError)) return 'line_error';
  if (error.isNetworkError) return 'network';
  if (error.status === 400 || error.status === 401 || error.status === 403) return 'token_invalid';
  if (error.status === 404) return step === 'bot' ? 'channel_not_found' : 'token_invalid';
  return 'line_error';
}

export async function adminLineSettingsRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; tenants: Pick<TenantLineDirectory, 'forget'> },
) {
  const { db, secrets, env } = opts.deps;
  const webhookUrlOf = (slug: string) => `${env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/t/${slug}/webhook`;

  async function load(tenantId: string) {
    return db.tenant.findUnique({
      where: { id: tenantId },
      select: { slug: true, lineChannelId: true, lineChannelSecretEnc: true, lineChannelTokenEnc: true, liffId: true },
    });
  }

  function present(row: NonNullable<Awaited<ReturnType<typeof load>>>): LineSettings {
    return {
      channelId: row.lineChannelId,
      liffId: row.liffId,
      channelSecretSet: row.lineChannelSecretEnc !== null,
      accessTokenSet: row.lineChannelTokenEnc !== null,
      accessTokenTail: row.lineChannelTokenEnc ? tokenTail(secrets.open(row.lineChannelTokenEnc)) : null,
      webhookUrl: webhookUrlOf(row.slug),
      connected: Boolean(row.lineChannelId && row.lineChannelSecretEnc && row.lineChannelTokenEnc),
    };
  }

  app.get(
    '/settings/line',
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: 'The LINE connection (secrets never returned)' } },
    },
    async (request, reply) => {
      const row = await load(tenantAuth(request).tenant.id);
      if (!row) return reply.code(404).send(NOT_FOUND);
      return present(row);
    },
  );

  app.put(
    '/settings/line',
    {
      preHandler: requirePage('settings/line', 'manage'),
      config: { doc: { summary: 'Connect or change the LINE channel', body: lineSettingsSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const parsed = lineSettingsSchema.safeParse(request.body ?? {});
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? 'form');
          fields[key] ??= issue.message;
        }
        return reply
          .code(400)
          .send({ code: 'invalid_line_settings', message: Object.values(fields).join(' '), fields });
      }
      const input = parsed.data;
      const current = await load(tenant.id);
      if (!current) return reply.code(404).send(NOT_FOUND);
      // Blank = keep; but the webhook needs both, so the first save must bring them.
      const missing: Record<string, string> = {};
      if (!input.channelSecret && !current.lineChannelSecretEnc) missing.channelSecret = '請輸入 Channel secret';
      if (!input.channelAccessToken && !current.lineChannelTokenEnc) missing.channelAccessToken = '請輸入 Access token';
      if (Object.keys(missing).length > 0) {
        return reply
          .code(400)
          .send({ code: 'invalid_line_settings', message: Object.values(missing).join(' '), fields: missing });
      }

      const changed: string[] = [];
      if (input.channelId !== current.lineChannelId) changed.push('channelId');
      if (input.channelSecret) changed.push('channelSecret');
      if (input.channelAccessToken) changed.push('channelAccessToken');
      if ((input.liffId || null) !== current.liffId) changed.push('liffId');

      const row = await db.$transaction(async (tx) => {
        const updated = await tx.tenant.update({
          where: { id: tenant.id },
          data: {
            lineChannelId: input.channelId,
            liffId: input.liffId || null,
            ...(input.channelSecret ? { lineChannelSecretEnc: secrets.seal(input.channelSecret.toLowerCase()) } : {}),
            ...(input.channelAccessToken ? { lineChannelTokenEnc: secrets.seal(input.channelAccessToken) } : {}),
          },
          select: {
            slug: true,
            lineChannelId: true,
            lineChannelSecretEnc: true,
            lineChannelTokenEnc: true,
            liffId: true,
          },
        });
        // Which fields changed, never their values.
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.line.update',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { changed },
          }),
        );
        return updated;
      });
      // The webhook must verify the next delivery with the new secret, not a cached one.
      opts.tenants.forget(tenant.slug);
      return present(row);
    },
  );

  app.get(
    '/settings/line/quota',
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: "This month's LINE message quota and use" } },
    },
    async (request, reply): Promise<LineQuotaResult> => {
      const row = await load(tenantAuth(request).tenant.id);
      if (!row) return reply.code(404).send(NOT_FOUND);
      if (!row.lineChannelTokenEnc) return { quota: null, message: MESSAGES.not_configured };
      try {
        const q = await clientFor(row.lineChannelTokenEnc).getMessageQuota();
        const quota = quotaStatus(q.limit, q.used);
        return { quota, message: quotaMessage(quota) };
      } catch (error) {
        const problem = problemOf(error, 'token');
        return { quota: null, message: MESSAGES[problem as keyof typeof MESSAGES] };
      }
    },
  );

  app.post(
    '/settings/line/verify',
    {
      preHandler: requirePage('settings/line', 'manage'),
      config: { doc: { summary: 'Check the LINE channel token and webhook with LINE', body: verifyBody } },
    },
    async (request, reply): Promise<LineVerifyResult> => {
      const { tenant } = tenantAuth(request);
      if (!verifyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_body', message: '這個請求不需要內容' });
      const row = await load(tenant.id);
      if (!row) return reply.code(404).send(NOT_FOUND);
      const result = await verify(row);
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'settings.line.verify',
          targetType: 'tenant',
          targetId: tenant.id,
          data: result.ok ? { ok: true } : { ok: false, problem: result.problem },
        }),
      );
      return result;
    },
  );

  function clientFor(sealedToken: string) {
    return createLineClient({
      channelAccessToken: secrets.open(sealedToken),
      apiBaseUrl: env.LINE_API_BASE_URL,
      dataApiBaseUrl: env.LINE_DATA_API_BASE_URL,
    });
  }

  async function verify(row: NonNullable<Awaited<ReturnType<typeof load>>>): Promise<LineVerifyResult> {
    if (!row.lineChannelId || !row.lineChannelTokenEnc || !row.lineChannelSecretEnc) {
      return { ok: false, problem: 'not_configured', message: MESSAGES.not_configured };
    }
    const client = clientFor(row.lineChannelTokenEnc);
    let tokenChannel: string;
    try {
      tokenChannel = (await client.verifyToken()).channelId;
    } catch (error) {
      const problem = problemOf(error, 'token');
      return { ok: false, problem, message: MESSAGES[problem as keyof typeof MESSAGES] };
    }
    if (tokenChannel !== row.lineChannelId) {
      return { ok: false, problem: 'channel_mismatch', message: mismatchMessage(row.lineChannelId, tokenChannel) };
    }
    let bot: LineBotInfo;
    try {
      bot = await client.getBotInfo();
    } catch (error) {
      const problem = problemOf(error, 'bot');
      return { ok: false, problem, message: MESSAGES[problem as keyof typeof MESSAGES] };
    }
    let quota: QuotaStatus | null = null;
    try {
      const q = await client.getMessageQuota();
      quota = quotaStatus(q.limit, q.used);
    } catch {
      // The connection works; the quota is a nice-to-have.
    }
    return {
      ok: true,
      message: `Access token 有效，已連上 LINE 官方帳號「${bot.displayName}」（${bot.basicId}）。`,
      bot: { displayName: bot.displayName, basicId: bot.basicId, pictureUrl: bot.pictureUrl ?? null },
      channelId: tokenChannel,
      quota,
      quotaMessage: quota ? quotaMessage(quota) : null,
    };
  }
}
