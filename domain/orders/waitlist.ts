/**
 * The waitlist (候補): a customer told a product is sold out can tap 「排候補」; stock that comes
 * back (a reservation that expires, an order cancelled, the merchant's restock) goes to the first
 * one waiting, as a reservation made for them, which they confirm within the shop's hold window
 * or which passes to the next.
 */

/** The quick-reply button under a sold-out answer; LINE allows 20 characters. */
export const JOIN_WAITLIST_LABEL = '排候補';

const WAITLIST_DATA_PATTERN = /^waitlist:(\d{1,12}):([1-9]\d?)$/;

/** The 「排候補」 button's postback data: `waitlist:<product code>:<quantity>`. */
export function joinWaitlistPostbackData(productCode: string, quantity: number): string {
  const data = `waitlist:${productCode}:${quantity}`;
  if (parseWaitlistPostback(data) === null) throw new RangeError(`invalid waitlist request: ${data}`);
  return data;
}

/** Only exactly what joinWaitlistPostbackData writes; anything else is null. */
export function parseWaitlistPostback(data: unknown): { productCode: string; quantity: number } | null {
  if (typeof data !== 'string' || data.length > 300) return null;
  const match = WAITLIST_DATA_PATTERN.exec(data);
  if (!match) return null;
  return { productCode: match[1]!, quantity: Number(match[2]) };
}

/** What joining came to, for the customer's answer. */
export type WaitlistJoin =
  | { kind: 'joined' | 'already_waiting'; position: number; productName: string }
  | { kind: 'in_stock'; productName: string; productCode: string }
  | { kind: 'unknown_product' };

export function waitlistJoinReply(join: WaitlistJoin): string {
  switch (join.kind) {
    case 'joined':
      return `已為您排入「${join.productName}」的候補，目前是第 ${join.position} 位。\n一有貨就會自動為您保留，並傳訊息通知您。`;
    case 'already_waiting':
      return `您已經在「${join.productName}」的候補名單中了，目前是第 ${join.position} 位，不必再排一次。`;
    case 'in_stock':
      return `「${join.productName}」目前還有貨，請直接輸入「${join.productCode}+1」下單。`;
    case 'unknown_product':
      return '這個商品已經下架，無法排候補。';
  }
}

/** The first line of the message that tells a waiting customer their turn has come. */
export const WAITLIST_OFFER_HEADLINE = '【候補到貨】輪到您了！';
