import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import { alertSubject, pushChannels, type NotificationSettings } from '../../domain/orders/notification-settings.ts';
import type { Db } from '../../db/client.ts';
import { findShopSmtpServer, recordDelivery, wasDelivered } from '../../db/orders/notification-settings.ts';
import type { SecretBox } from '../../db/secret-box.ts';
import type { LineClient } from '../../integrations/line/client.ts';
import { createMailer, createSmtpMailer, type Mailer } from '../../integrations/mail/mailer.ts';
import { smtpFailure } from '../../integrations/mail/smtp-failure.ts';
import { lineRefusal } from '../line-refusal.ts';

/**
 * One alert to a shop's people through every push channel its 訂單通知設定 enables: a LINE push
 * to each chosen bound member and an e-mail to each listed address. Every send has a key
 * derived from the alert's `key` (a UUID the workflow keeps across retries) and the recipient,
 * so trying again never sends twice: LINE takes it as X-Line-Retry-Key, e-mail as Message-ID and
 * a delivery record checked before sending. Used by the order workflow's alert activity and by
 * 「傳送測試」; each channel answers for itself.
 */

export interface ShopAlertDeps {
  db: Db;
  secrets: SecretBox;
  log: Logger;
  lineClientFor: (tenantId: string) => Promise<LineClient>;
  /** The platform's server (SMTP_URL, MAIL_FROM), for shops without their own. */
  platformMail: { smtpUrl: string | undefined; from: string };
}

export interface ShopAlert {
  tenantId: string;
  text: string;
  key: string;
}

export type ChannelResult =
  | { channel: 'line' | 'email'; status: 'sent'; recipients: number }
  | {
      channel: 'line' | 'email';
      status: 'failed';
      reason: string;
      recipients: number;
      retryable: boolean;
      error?: unknown;
    };

export async function sendShopAlert(
  deps: ShopAlertDeps,
  settings: NotificationSettings,
  alert: ShopAlert,
): Promise<ChannelResult[]> {
  const results: ChannelResult[] = [];
  for (const channel of pushChannels(settings)) {
    results.push(channel === 'line' ? await pushToStaff(deps, alert) : await emailRecipients(deps, settings, alert));
  }
  return results;
}

async function pushToStaff(deps: ShopAlertDeps, alert: ShopAlert): Promise<ChannelResult> {
  const staff = await deps.db.staff.findMany({
    where: { tenantId: alert.tenantId, notifyByLine: true, lineUserId: { not: null } },
    select: { id: true, lineUserId: true },
    orderBy: { id: 'asc' },
  });
  if (staff.length === 0)
    return {
      channel: 'line',
      status: 'failed',
      reason: '沒有選擇要收 LINE 通知的成員',
      recipients: 0,
      retryable: false,
    };
  const messages = [{ type: 'text' as const, text: alert.text }];
  let sent = 0;
  try {
    const line = await deps.lineClientFor(alert.tenantId);
    for (const member of staff) {
      try {
        await line.push(member.lineUserId!, messages, uuidv5(member.id, alert.key));
        sent += 1;
      } catch (error) {
        const refusal = lineRefusal(error);
        // One member LINE will not deliver to (they blocked the account) does not stop the
        // others; a refusal about the shop itself (quota, token) does.
        if (!refusal || refusal.type !== 'line_refused') throw error;
        deps.log.warn({ tenantId: alert.tenantId, staffId: member.id, reason: refusal.message }, 'staff alert refused');
      }
    }
  } catch (error) {
    const refusal = lineRefusal(error);
    const notConnected = (error as { type?: string }).type === 'line_not_connected';
    return {
      channel: 'line',
      status: 'failed',
      reason: notConnected ? '還沒有連接 LINE 官方帳號' : (refusal?.message ?? '暫時連不上 LINE，請稍後再試'),
      recipients: sent,
      retryable: !refusal && !notConnected,
      error,
    };
  }
  if (sent === 0)
    return {
      channel: 'line',
      status: 'failed',
      reason: 'LINE 拒絕送給所有選擇的成員',
      recipients: 0,
      retryable: false,
    };
  return { channel: 'line', status: 'sent', recipients: sent };
}

async function emailRecipients(
  deps: ShopAlertDeps,
  settings: NotificationSettings,
  alert: ShopAlert,
): Promise<ChannelResult> {
  const [tenant, server] = await Promise.all([
    deps.db.tenant.findUniqueOrThrow({ where: { id: alert.tenantId }, select: { name: true } }),
    findShopSmtpServer(deps.db, deps.secrets, alert.tenantId),
  ]);
  const mailer: Mailer = server ? createSmtpMailer(server) : createMailer(deps.platformMail);
  const subject = alertSubject(tenant.name, alert.text);
  let sent = 0;
  for (const to of settings.emailRecipients) {
    const key = uuidv5(`mail:${to}`, alert.key);
    try {
      if (!(await wasDelivered(deps.db, alert.tenantId, key))) {
        await mailer.send({ to, subject, text: alert.text, messageId: `<${key}@notify.jiayi>` });
        await recordDelivery(deps.db, alert.tenantId, key, 'email');
      }
      sent += 1;
    } catch (error) {
      const failure = smtpFailure(error);
      deps.log.warn({ tenantId: alert.tenantId, reason: failure.reason, error: String(error) }, 'alert e-mail failed');
      return {
        channel: 'email',
        status: 'failed',
        reason: failure.reason,
        recipients: sent,
        retryable: !failure.lasting,
        error,
      };
    }
  }
  return { channel: 'email', status: 'sent', recipients: sent };
}
