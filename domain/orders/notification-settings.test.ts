import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import {
  alertSubject,
  DEFAULT_NOTIFICATION_SETTINGS,
  notificationSettingsSchema,
  pushChannels,
  pushesNewOrders,
  readNotificationSettings,
  statusChangedAlert,
  storedPart,
  wantsEvent,
  type NotificationSettingsInput,
} from './notification-settings.ts';

const valid: NotificationSettingsInput = {
  ...DEFAULT_NOTIFICATION_SETTINGS,
  lineStaffIds: [],
  smtpPassword: '',
};
const refusals = (input: unknown) => {
  const result = notificationSettingsSchema.safeParse(input);
  if (result.success) throw new Error('accepted');
  return fieldErrors(result.error);
};

describe('notificationSettingsSchema', () => {
  it('accepts the defaults and normalises lists: addresses lower-cased and once, statuses in their order', () => {
    const parsed = notificationSettingsSchema.parse({
      ...valid,
      emailEnabled: true,
      emailRecipients: [' Boss@Shop.TW ', 'boss@shop.tw', 'staff@shop.tw'],
      statusChanges: ['shipped', 'paid', 'shipped'],
      lineStaffIds: ['0190f3a0-0000-7000-8000-000000000001', '0190f3a0-0000-7000-8000-000000000001'],
    });
    expect(parsed.emailRecipients).toEqual(['boss@shop.tw', 'staff@shop.tw']);
    expect(parsed.statusChanges).toEqual(['paid', 'shipped']);
    expect(parsed.lineStaffIds).toHaveLength(1);
  });

  it('names each wrong field in zh-TW, all at once', () => {
    const errors = refusals({
      ...valid,
      newOrder: 'yes',
      statusChanges: ['lost'],
      emailRecipients: ['not-an-address'],
      smtpPort: 70000,
      lineStaffIds: ['42'],
    });
    expect(errors).toEqual({
      newOrder: '新訂單通知必須是開或關',
      statusChanges: '沒有這個訂單狀態',
      emailRecipients: '「not-an-address」不是有效的電子郵件',
      smtpPort: 'SMTP 連接埠要在 1 到 65535 之間',
      lineStaffIds: '成員編號格式不正確',
    });
  });

  it('refuses unknown keys and a missing object', () => {
    expect(Object.keys(refusals({ ...valid, extra: 1 }))).toContain('');
    expect(notificationSettingsSchema.safeParse(null).success).toBe(false);
  });

  it('e-mail on needs a recipient; its own SMTP server needs a host and a sender', () => {
    expect(refusals({ ...valid, emailEnabled: true })).toEqual({
      emailRecipients: '開啟電子郵件通知時，請至少輸入一個收件人',
    });
    expect(refusals({ ...valid, smtpCustom: true })).toEqual({
      smtpHost: '請輸入 SMTP 主機',
      smtpFrom: '使用自訂 SMTP 時，請輸入寄件人',
    });
    const gmail = { ...valid, smtpCustom: true, smtpHost: 'smtp.gmail.com' };
    expect(refusals({ ...gmail, smtpFrom: 'shop' })).toEqual({
      smtpFrom: '寄件人要是電子郵件，例如「小店 <shop@example.com>」',
    });
    expect(refusals({ ...gmail, smtpFrom: 'shop@gmail.com', smtpPassword: 'x' })).toEqual({
      smtpUser: '有密碼時，請輸入 SMTP 帳號',
    });
    expect(refusals({ ...valid, smtpHost: 'smtp host' })).toEqual({
      smtpHost: 'SMTP 主機只能有英文字母、數字、「.」和「-」',
    });
    const ok = notificationSettingsSchema.parse({
      ...valid,
      smtpCustom: true,
      smtpHost: 'smtp.gmail.com',
      smtpPort: 465,
      smtpSecure: true,
      smtpUser: 'shop@gmail.com',
      smtpPassword: 'app password',
      smtpFrom: '阿美小舖 <shop@gmail.com>',
    });
    expect(ok.smtpFrom).toBe('阿美小舖 <shop@gmail.com>');
  });
});

describe('stored settings', () => {
  it('never stores the password or the member choice; reads defaults for what is missing or broken', () => {
    const parsed = notificationSettingsSchema.parse({ ...valid, smtpPassword: 'secret', newOrder: true });
    const stored = storedPart(parsed);
    expect(JSON.stringify(stored)).not.toContain('secret');
    expect(stored).not.toHaveProperty('lineStaffIds');
    expect(readNotificationSettings(stored)).toEqual(stored);
    // The migrated LINE switch: only newOrder stored.
    expect(readNotificationSettings({ newOrder: true })).toEqual({ ...DEFAULT_NOTIFICATION_SETTINGS, newOrder: true });
    expect(readNotificationSettings(null)).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    // One odd value falls back alone; the rest stands.
    expect(readNotificationSettings({ smtpPort: 'x', newOrder: true })).toEqual({
      ...DEFAULT_NOTIFICATION_SETTINGS,
      newOrder: true,
    });
  });
});

describe('which events and channels', () => {
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, newOrder: true, statusChanges: ['paid' as const] };

  it('tells a status change only for the chosen statuses', () => {
    expect(wantsEvent(settings, 'status_changed', 'paid')).toBe(true);
    expect(wantsEvent(settings, 'status_changed', 'shipped')).toBe(false);
    expect(wantsEvent(settings, 'problem')).toBe(true);
    expect(wantsEvent({ ...settings, problem: false }, 'problem')).toBe(false);
  });

  it('pushes by LINE and by e-mail only when on (e-mail with someone to send to)', () => {
    expect(pushChannels(settings)).toEqual(['line']);
    expect(pushChannels({ ...settings, emailEnabled: true, emailRecipients: ['a@b.tw'] })).toEqual(['line', 'email']);
    expect(pushChannels({ ...settings, lineEnabled: false, emailEnabled: true })).toEqual([]);
    expect(pushesNewOrders(settings)).toBe(true);
    expect(pushesNewOrders({ ...settings, lineEnabled: false })).toBe(false);
    expect(pushesNewOrders({ ...settings, newOrder: false })).toBe(false);
  });

  it('words a status change and an e-mail subject', () => {
    const text = statusChangedAlert({ orderNumber: 'ABCD-20261204-0001', to: 'paid', customerName: '林小姐' });
    expect(text).toBe('【訂單狀態】ABCD-20261204-0001 改為「已支付」\n顧客：林小姐');
    expect(alertSubject('阿美小舖', text)).toBe('[阿美小舖] 【訂單狀態】ABCD-20261204-0001 改為「已支付」');
  });
});
