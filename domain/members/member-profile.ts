import { z } from 'zod';
import { isValidPhone, normalizePhone } from '../team/credentials.ts';

/**
 * What a customer gives to join a shop's membership, and the notice they agree to first. The
 * Personal Data Protection Act (個人資料保護法 §8) asks the collector to tell who collects, why,
 * what, for how long and where, and which rights the person has; PRIVACY_NOTICE_ZH says it in the
 * shop's name, and its version is stored with the member's consent.
 */
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

export const PRIVACY_NOTICE_VERSION = '2026-12';

export interface PrivacyNotice {
  title: string;
  sections: { heading: string; body: string }[];
}

/** The notice a customer reads before joining (個資告知事項), with the shop's name in it. */
export function privacyNoticeZh(shopName: string): PrivacyNotice {
  return {
    title: `${shopName} 會員個資告知事項`,
    sections: [
      {
        heading: '蒐集者與目的',
        body: `${shopName}（以下稱本店）為提供會員服務、累積與折抵點數、會員等級優惠、生日與回購優惠通知及消費分析，蒐集您的個人資料。`,
      },
      {
        heading: '蒐集的資料',
        body: '手機號碼、生日、性別、LINE 使用者識別碼與顯示名稱，以及您在本店的訂購紀錄與配送地址。',
      },
      {
        heading: '利用期間、地區與方式',
        body: '於您保有會員資格期間，在臺灣境內由本店及受託的系統服務商處理，並透過 LINE 官方帳號通知您會員優惠。',
      },
      {
        heading: '您的權利',
        body: '您可以隨時向本店請求查詢、閱覽、複製、補充或更正、停止蒐集處理利用或刪除您的個人資料；不提供資料將無法加入會員，但不影響一般點餐。',
      },
    ],
  };
}

/** A birthday as a date: YYYY-MM-DD, a real day, not in the future, not before 1900. */
export function isValidBirthday(text: string, today: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && text <= today;
}

/** The join form, checked the same way in the LIFF page and the API. */
export function memberJoinSchema(today: string) {
  return z.object({
    phone: z
      .string()
      .max(30)
      .transform(normalizePhone)
      .refine((phone) => isValidPhone(phone) && !phone.includes('#'), '請填寫正確的手機號碼，例如 0912345678'),
    birthday: z
      .string()
      .refine((text) => isValidBirthday(text, today), '請填寫正確的生日')
      .nullable(),
    gender: z.enum(GENDERS),
    consent: z.literal(true, '加入會員前，請先閱讀並同意個資告知事項'),
    consentVersion: z.literal(PRIVACY_NOTICE_VERSION, '個資告知事項已更新，請重新整理頁面再同意'),
  });
}
export type MemberJoin = z.infer<ReturnType<typeof memberJoinSchema>>;

/** Letters and digits a cashier reads without confusing them (no 0/O, 1/I). */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The member number printed under the card's barcode: 'M' and ten characters of the alphabet,
 * from random bytes the caller draws (so this stays pure and testable).
 */
export function memberCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < 10) throw new Error('a member code needs 10 random bytes');
  let code = 'M';
  for (let i = 0; i < 10; i += 1) code += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return code;
}
