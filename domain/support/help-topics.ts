/**
 * 線上客服's table of common problems (常見異常處理): for each, the admin pages that fix it and
 * the check the help page runs on the spot. Pure; the page words them through i18n
 * (`support.topics.<id>`), and shows a fix only to members whose menu has that page.
 */

export const HELP_CHECKS = ['session', 'menu_version', 'test_notification', 'payment_account', 'plan'] as const;
export type HelpCheck = (typeof HELP_CHECKS)[number];

export interface HelpTopic {
  id: 'sign_in' | 'menu_stale' | 'notifications' | 'payments' | 'plan';
  /** Admin paths (below /t/:tenant/admin/) of the pages that fix it, most likely first. */
  fixes: readonly string[];
  check: HelpCheck;
}

export const HELP_TOPICS: readonly HelpTopic[] = [
  { id: 'sign_in', fixes: ['team'], check: 'session' },
  { id: 'menu_stale', fixes: ['products', 'menu', 'settings/shop'], check: 'menu_version' },
  { id: 'notifications', fixes: ['settings/notifications', 'settings/line'], check: 'test_notification' },
  // The seed: 交易明細, 收款金流設定, 電子發票設定 and 發票取用功能 (the invoice pages are restaurant-only;
  // the page hides a fix the member's menu lacks).
  {
    id: 'payments',
    fixes: ['reports/transactions', 'settings/payments', 'settings/invoices', 'invoices', 'orders'],
    check: 'payment_account',
  },
  { id: 'plan', fixes: ['billing'], check: 'plan' },
];

/** The link that opens a chat with a LINE official account (by its @ID) on a phone or LINE for PC. */
export function lineChatUrl(lineId: string): string {
  return `https://line.me/R/ti/p/${encodeURIComponent(lineId)}`;
}
