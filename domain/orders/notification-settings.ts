import { z } from 'zod';
import { ORDER_STATUS_LABELS_ZH, PLUS_ONE_ORDER_STATUSES, type OrderStatus } from './order-status.ts';

/**
 * A shop's order notifications (訂單通知設定): which events its people hear of — a new order,
 * an order that needs someone (stock short, a step stuck), status changes to chosen statuses —
 * and by which channels: a LINE push to the bound members it picked, a sound on the admin's
 * live order page, and e-mail to listed addresses through the platform's SMTP server or the
 * shop's own. Shared by the API (which enforces it) and the admin page. Flat keys so every
 * refusal names one form field.
 */

export const NOTIFY_EVENTS = ['new_order', 'problem', 'status_changed'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export const NOTIFY_CHANNELS = ['line', 'sound', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export const EMAIL_RECIPIENTS_MAX = 10;
export const LINE_STAFF_MAX = 100;
const HOST_MAX = 253;
const TEXT_MAX = 254;

const onOff = (label: string) => z.boolean({ error: `${label}必須是開或關` });

const email = z
  .string({ error: '電子郵件必須是文字' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: (issue) => `「${String(issue.input)}」不是有效的電子郵件` }));

/** An SMTP host name or IP address: letters, digits, dots, dashes, colons (IPv6). */
const host = z
  .string({ error: '請輸入 SMTP 主機' })
  .trim()
  .max(HOST_MAX, `SMTP 主機最多 ${HOST_MAX} 個字`)
  .regex(/^$|^[A-Za-z0-9.:-]+$/, 'SMTP 主機只能有英文字母、數字、「.」和「-」');

const plainText = (label: string) =>
  z
    .string({ error: `${label}必須是文字` })
    .max(TEXT_MAX, `${label}最多 ${TEXT_MAX} 個字`)
    .refine((value) => !/\p{Cc}/u.test(value), `${label}不能有控制字元`);

/** 寄件人: an address, optionally with a name (商店名稱 <shop@example.com>). */
const sender = plainText('寄件人')
  .trim()
  .refine(
    (value) => value === '' || z.email().safeParse(/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).success,
    '寄件人要是電子郵件，例如「小店 <shop@example.com>」',
  );

const CROSS_CHECKED = [
  'emailEnabled',
  'emailRecipients',
  'smtpCustom',
  'smtpHost',
  'smtpFrom',
  'smtpUser',
  'smtpPassword',
];
const crossChecksReadable = {
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some(({ path = [] }) => path.length === 0 || CROSS_CHECKED.includes(String(path[0]))),
};

/**
 * What the page saves. `smtpPassword` is write-only: the API never answers it; an empty string
 * keeps the stored one (the page cannot show it), `null` clears it.
 */
export const notificationSettingsSchema = z
  .strictObject({
    newOrder: onOff('新訂單通知'),
    problem: onOff('異常通知'),
    /** A change of a +1 order to one of these statuses is announced; empty: none. */
    statusChanges: z
      .array(z.enum(PLUS_ONE_ORDER_STATUSES, { error: '沒有這個訂單狀態' }), { error: '狀態必須是清單' })
      .max(PLUS_ONE_ORDER_STATUSES.length)
      .transform((list) => PLUS_ONE_ORDER_STATUSES.filter((s) => list.includes(s))),
    lineEnabled: onOff('LINE 通知'),
    /** The bound members who get LINE pushes (Staff.notifyByLine). */
    lineStaffIds: z
      .array(z.uuid({ error: '成員編號格式不正確' }), { error: '成員必須是清單' })
      .max(LINE_STAFF_MAX, `最多選 ${LINE_STAFF_MAX} 位成員`)
      .transform((ids) => [...new Set(ids)]),
    soundEnabled: onOff('後台即時通知音效'),
    emailEnabled: onOff('電子郵件通知'),
    emailRecipients: z
      .array(email, { error: '收件人必須是清單' })
      .max(EMAIL_RECIPIENTS_MAX, `收件人最多 ${EMAIL_RECIPIENTS_MAX} 位`)
      .transform((list) => [...new Set(list)]),
    /** False: mail goes through the platform's server (SMTP_URL). */
    smtpCustom: onOff('自訂 SMTP 伺服器'),
    smtpHost: host,
    smtpPort: z
      .number({ error: 'SMTP 連接埠必須是數字' })
      .refine(Number.isInteger, 'SMTP 連接埠必須是整數')
      .min(1, 'SMTP 連接埠要在 1 到 65535 之間')
      .max(65535, 'SMTP 連接埠要在 1 到 65535 之間'),
    /** True: TLS from the start (port 465); false: STARTTLS when the server offers it. */
    smtpSecure: onOff('SSL/TLS'),
    smtpUser: plainText('SMTP 帳號').trim(),
    smtpPassword: plainText('SMTP 密碼').nullable(),
    smtpFrom: sender,
  })
  .superRefine((s, ctx) => {
    if (s.emailEnabled && s.emailRecipients.length === 0)
      ctx.addIssue({ code: 'custom', path: ['emailRecipients'], message: '開啟電子郵件通知時，請至少輸入一個收件人' });
    if (!s.smtpCustom) return;
    if (s.smtpHost === '') ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: '請輸入 SMTP 主機' });
    if (s.smtpFrom === '')
      ctx.addIssue({ code: 'custom', path: ['smtpFrom'], message: '使用自訂 SMTP 時，請輸入寄件人' });
    if (s.smtpUser === '' && s.smtpPassword)
      ctx.addIssue({ code: 'custom', path: ['smtpUser'], message: '有密碼時，請輸入 SMTP 帳號' });
  }, crossChecksReadable);

export type NotificationSettingsInput = z.input<typeof notificationSettingsSchema>;
export type NotificationSettingsUpdate = z.output<typeof notificationSettingsSchema>;
/** What is stored (and answered): everything but the password. */
export type NotificationSettings = Omit<NotificationSettingsUpdate, 'smtpPassword' | 'lineStaffIds'>;

/** A shop that never saved: problems (stock short) go to bound staff by LINE, as before this page. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  newOrder: false,
  problem: true,
  statusChanges: [],
  lineEnabled: true,
  soundEnabled: true,
  emailEnabled: false,
  emailRecipients: [],
  smtpCustom: false,
  smtpHost: '',
  smtpPort: 587,
  smtpSecure: false,
  smtpUser: '',
  smtpFrom: '',
};

/**
 * The stored JSON as settings, field by field: a field missing (saved before it existed) or no
 * longer valid falls back to its default alone, so one odd value never switches a shop's other
 * notifications off.
 */
export function readNotificationSettings(stored: unknown): NotificationSettings {
  const row = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(DEFAULT_NOTIFICATION_SETTINGS)) {
    const field = notificationSettingsSchema.shape[key as keyof NotificationSettings].safeParse(row[key]);
    settings[key] = field.success ? field.data : fallback;
  }
  return settings as NotificationSettings;
}

/** The part of a saved form that is stored as JSON (no password, no member choices). */
export function storedPart(update: NotificationSettingsUpdate): NotificationSettings {
  const { smtpPassword: _password, lineStaffIds: _staff, ...rest } = update;
  return rest;
}

/** Whether the settings want `event` told (for a status change: to `status`). */
export function wantsEvent(settings: NotificationSettings, event: NotifyEvent, status?: OrderStatus): boolean {
  if (event === 'new_order') return settings.newOrder;
  if (event === 'problem') return settings.problem;
  return status !== undefined && (settings.statusChanges as readonly OrderStatus[]).includes(status);
}

/** The channels that push a message out of the shop's admin (LINE, e-mail) for the event. */
export function pushChannels(settings: NotificationSettings): ('line' | 'email')[] {
  return [
    ...(settings.lineEnabled ? (['line'] as const) : []),
    ...(settings.emailEnabled && settings.emailRecipients.length > 0 ? (['email'] as const) : []),
  ];
}

/** Whether a new order is pushed anywhere (read when the order is placed). */
export function pushesNewOrders(settings: NotificationSettings): boolean {
  return settings.newOrder && pushChannels(settings).length > 0;
}

/** The e-mail subject for an alert: its first line, without the 【】 tag's brackets doubled. */
export function alertSubject(shopName: string, text: string): string {
  const first = text.split('\n', 1)[0]!.trim();
  return `[${shopName}] ${first}`.slice(0, 200);
}

/** The alert for a status change, in the words of the chat's other alerts. */
export function statusChangedAlert(input: { orderNumber: string; to: OrderStatus; customerName: string }): string {
  return [
    `【訂單狀態】${input.orderNumber} 改為「${ORDER_STATUS_LABELS_ZH[input.to]}」`,
    `顧客：${input.customerName}`,
  ].join('\n');
}

/** The message 「傳送測試」 sends through every enabled channel. */
export function testAlert(shopName: string): string {
  return [
    `【測試通知】${shopName} 的訂單通知設定正常`,
    '收到這則訊息，代表新訂單、異常和狀態變更會用這個方式通知你。',
  ].join('\n');
}
