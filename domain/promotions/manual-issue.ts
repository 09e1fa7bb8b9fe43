import { z } from 'zod';
import { formatNtd } from '../money.ts';
import { formatTaipeiDateTime } from '../taipei-time.ts';
import { isValidPhone, normalizePhone } from '../team/credentials.ts';
import { foldOf, type StoredDiscount } from './discount-rules.ts';

/**
 * 手動發券: who a coupon goes to (chosen members, a tag, every member, or a list the marketer
 * uploads or pastes), reading that list, the preview's arithmetic (who already holds it, who
 * LINE can reach, whether the month's LINE quota covers them), and the coupon card sent on LINE.
 * Pure; db/promotions/coupon-issues.ts resolves an audience within one shop.
 */

export const AUDIENCE_MEMBERS_MAX = 1000;
export const AUDIENCE_LIST_MAX_LINES = 20_000;
/** Coupon cards one workflow step sends (ten multicasts of 500): the progress the page shows moves by these. */
export const COUPON_CARD_CHUNK = 5000;
/** A list's unknown lines come back in full up to this many; the count is always exact. */
export const UNKNOWN_LINES_SHOWN = 200;

export const issueAudienceSchema = z.union([
  z.object({
    memberIds: z
      .array(z.uuid())
      .min(1, '請選擇會員')
      .max(AUDIENCE_MEMBERS_MAX, `一次最多選 ${AUDIENCE_MEMBERS_MAX} 位會員，更多請用標籤或上傳名單`),
  }),
  z.object({ tagId: z.uuid({ error: '請選擇標籤' }) }),
  z.object({ everyone: z.literal(true) }),
  z.object({
    /** A CSV file's text or pasted lines: a phone number, member number or LINE user ID a line. */
    list: z
      .string()
      .max(AUDIENCE_LIST_MAX_LINES * 80, `名單太長，一次最多 ${AUDIENCE_LIST_MAX_LINES} 行`)
      .refine((text) => text.trim().length > 0, '請上傳或貼上名單'),
  }),
]);
export type IssueAudience = z.infer<typeof issueAudienceSchema>;
export type AudienceKind = 'members' | 'tag' | 'everyone' | 'list';

export function audienceKindOf(audience: IssueAudience): AudienceKind {
  if ('memberIds' in audience) return 'members';
  if ('tagId' in audience) return 'tag';
  if ('list' in audience) return 'list';
  return 'everyone';
}

/** A LINE user ID as LINE gives them: 'U' and 32 lowercase hex characters. */
export function isLineUserId(text: string): boolean {
  return /^U[0-9a-f]{32}$/.test(text);
}

const MEMBER_CODE = /^M[2-9A-HJ-NP-Z]{10}$/;

export type ListKey = { kind: 'phone' | 'memberCode' | 'lineUserId'; value: string };
export interface ListLine {
  /** 1-based, as the marketer's file numbers them. */
  line: number;
  text: string;
}

/** One cell as an identifier: a LINE user ID, a member number (M + 10), or a mobile or local phone number. */
export function listKeyOf(cell: string): ListKey | null {
  const text = cell
    .normalize('NFKC')
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  if (isLineUserId(text)) return { kind: 'lineUserId', value: text };
  if (MEMBER_CODE.test(text.toUpperCase())) return { kind: 'memberCode', value: text.toUpperCase() };
  let phone = normalizePhone(text);
  // A spreadsheet drops a mobile number's leading 0 (912345678).
  if (/^9\d{8}$/.test(phone)) phone = `0${phone}`;
  if (!isValidPhone(phone) || phone.includes('#')) return null;
  return { kind: 'phone', value: phone.startsWith('+886') ? `0${phone.slice(4)}` : phone };
}

/** The ways a member's phone may be stored for one number written 09…: as typed, or +886…. */
export function phoneForms(phone: string): string[] {
  return [phone, `+886${phone.slice(1)}`];
}

/**
 * A list as the marketer gave it: each non-empty line's first cell (comma, tab or semicolon
 * separated) that reads as an identifier; a line without one (a header, a typo) is unreadable
 * and reported back with its number, never dropped.
 */
export function parseAudienceList(text: string): {
  keys: (ListKey & ListLine)[];
  unreadable: ListLine[];
  tooLong: boolean;
} {
  const keys: (ListKey & ListLine)[] = [];
  const unreadable: ListLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const key = line
      .split(/[,\t;]/)
      .map(listKeyOf)
      .find((k) => k !== null);
    if (key) keys.push({ ...key, line: i + 1, text: line });
    else unreadable.push({ line: i + 1, text: line });
  });
  return { keys, unreadable, tooLong: keys.length + unreadable.length > AUDIENCE_LIST_MAX_LINES };
}

export interface IssuePreview {
  /** The shop's members in the audience. */
  members: number;
  /** Of them, those who already hold this coupon (unused and not expired): skipped. */
  holding: number;
  /** Those who get it now. */
  toIssue: number;
  /** Of those, the ones LINE can reach: a LINE user ID and the shop not blocked. */
  reachable: number;
  /** The month's LINE messages left; null: no limit, or LINE not connected (see lineConnected). */
  quotaLeft: number | null;
  lineConnected: boolean;
  /** The coupon cards would not fit in what is left of the month's quota: sending is refused. */
  overQuota: boolean;
}

export function issuePreviewOf(counts: {
  members: number;
  holding: number;
  reachable: number;
  lineConnected: boolean;
  quota: { limit: number | null; used: number } | null;
}): IssuePreview {
  const quotaLeft = counts.quota?.limit == null ? null : Math.max(0, counts.quota.limit - counts.quota.used);
  return {
    members: counts.members,
    holding: counts.holding,
    toIssue: counts.members - counts.holding,
    reachable: counts.reachable,
    quotaLeft,
    lineConnected: counts.lineConnected,
    overQuota: quotaLeft !== null && counts.reachable > quotaLeft,
  };
}

/** Why sending with the LINE message is refused, or null when it may go. */
export function lineSendRefusal(preview: IssuePreview): string | null {
  if (!preview.lineConnected)
    return '本店尚未連接 LINE 官方帳號，無法傳送 LINE 訊息；請先到「LINE 設定」完成連接，或選擇只發券不傳訊息';
  if (preview.overQuota)
    return `這次要傳 ${preview.reachable} 則 LINE 訊息，但本月的 LINE 訊息額度只剩 ${preview.quotaLeft ?? 0} 則，無法全部送出；請縮小發送對象、到 LINE 官方帳號後台提高方案，或選擇只發券不傳訊息`;
  return null;
}

/** What the coupon takes off, as the card says it: 「打 9 折」「折 NT$100」「買 2 送 1」, and its conditions. */
export function couponDiscountText(rule: StoredDiscount): { headline: string; conditions: string[] } {
  const v = rule.value;
  const headline =
    v.kind === 'percent'
      ? `打 ${foldOf(v.percent)} 折`
      : v.kind === 'amount'
        ? `折 ${formatNtd(v.amount)}`
        : `買 ${v.buy} 送 ${v.get}`;
  const conditions: string[] = [];
  if (rule.minSpend > 0) conditions.push(`滿 ${formatNtd(rule.minSpend)} 可用`);
  if (rule.scope.itemIds !== null || rule.scope.categoryIds !== null) conditions.push('限指定品項');
  if (rule.scope.excludedItemIds.length > 0) conditions.push('部分品項不適用');
  if (!rule.stacks) conditions.push('不可與其他優惠併用');
  return { headline, conditions };
}

export function couponValidityText(validFrom: Date, validUntil: Date | null, issuedAt: Date): string {
  const until = validUntil ? `使用期限至 ${formatTaipeiDateTime(validUntil)}` : '不限使用期限';
  return validFrom > issuedAt ? `${formatTaipeiDateTime(validFrom)} 起可用，${until}` : until;
}

/** A LINE Flex message as the Messaging API takes it (integrations/line's type, kept loose here). */
export interface FlexMessage {
  type: 'flex';
  altText: string;
  contents: Record<string, unknown>;
}

export const COUPON_CARD_BUTTON = '查看我的優惠券';

/**
 * The coupon card a member gets on LINE: the shop, the coupon's name, what it takes off, until
 * when, and a button to 我的優惠券 on the shop's member page (its LIFF link when the shop has one).
 */
export function couponCardMessage(card: {
  shopName: string;
  couponName: string;
  rule: StoredDiscount;
  validityText: string;
  link: string;
}): FlexMessage {
  const { headline, conditions } = couponDiscountText(card.rule);
  const text = (value: string, style: Record<string, unknown>) => ({ type: 'text', text: value, wrap: true, ...style });
  return {
    type: 'flex',
    altText: `${card.shopName}送你一張優惠券：${card.couponName}（${headline}）`.slice(0, 400),
    contents: {
      type: 'bubble',
      header: {
        type: 'box',
        layout: 'vertical',
        backgroundColor: '#06C755',
        paddingAll: '16px',
        contents: [
          text(card.shopName, { size: 'sm', color: '#FFFFFF' }),
          text('送你一張優惠券', { size: 'xs', color: '#E6FFEF' }),
        ],
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          text(card.couponName, { weight: 'bold', size: 'lg' }),
          text(headline, { weight: 'bold', size: 'xxl', color: '#D6336C' }),
          ...(conditions.length ? [text(conditions.join('・'), { size: 'sm', color: '#666666' })] : []),
          { type: 'separator', margin: 'md' },
          text(card.validityText, { size: 'sm', color: '#666666', margin: 'md' }),
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [
          {
            type: 'button',
            style: 'primary',
            color: '#06C755',
            action: { type: 'uri', label: COUPON_CARD_BUTTON, uri: card.link },
          },
        ],
      },
    },
  };
}
