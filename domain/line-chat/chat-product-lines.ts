/**
 * Editing a product from the LINE chat (「LINE聊天室內的商品管理」):
 * a bound admin quotes the product's photo and writes one field per line,
 *
 *   商品名:新款上衣      商品名：新款上衣      價格 1500      庫存<U+3000>20
 *
 * A half-width ':' or full-width '：' colon, half-width spaces or full-width U+3000 spaces (or
 * a mix, e.g. '價格 : 1500') separate the key from its value. Keys (traditional, simplified,
 * English, case-insensitive):
 *   name        商品名 商品名稱 名稱 品名 名字           (simplified 商品名称 名称)
 *   price       價格 售價 價錢 單價                     (价格 售价 价钱 单价)
 *   stock       庫存 數量 存貨                          (库存 数量 存货); 無限/不限/-1 = unlimited
 *   description 描述 說明 商品描述                      (说明)
 *   category    分類 類別                               (分类 类别)
 * Numbers may use full-width digits, thousands commas, a leading NT$/$ and a trailing 元
 * (price) or 個/件 (stock). Values are checked by domain/catalog/product-rules.ts; a price from the
 * chat must be at least 1 (a chat product without a real price must not go on sale).
 * A later line for the same key wins. Empty lines are skipped. Every other line, and every
 * line whose value is bad, is returned as a problem, so the reply can name it.
 */
import { productFields, PRODUCT_PRICE_MAX, type ProductEdit } from '../catalog/product-rules.ts';
import { UNLIMITED_STOCK } from '../orders/stock.ts';

export type ChatProductField = 'name' | 'price' | 'stock' | 'description' | 'category';
export type ChatProductChanges = Partial<Pick<Required<ProductEdit>, ChatProductField>>;

export interface ChatProductLineProblem {
  /** The line as written (trimmed, cut to 40 characters). */
  line: string;
  reason: string;
}

export interface ChatProductLines {
  changes: ChatProductChanges;
  problems: ChatProductLineProblem[];
}

/** Lines read from one message; the rest is reported as too many. */
export const MAX_EDIT_LINES = 20;
const MAX_LINE_SHOWN = 40;

const KEYS: ReadonlyMap<string, ChatProductField> = new Map([
  ...['商品名', '商品名稱', '商品名称', '名稱', '名称', '品名', '名字', 'name'].map((k) => [k, 'name'] as const),
  ...['價格', '价格', '售價', '售价', '價錢', '价钱', '單價', '单价', 'price'].map((k) => [k, 'price'] as const),
  ...['庫存', '库存', '數量', '数量', '存貨', '存货', 'stock'].map((k) => [k, 'stock'] as const),
  ...['描述', '商品描述', '說明', '说明', 'description'].map((k) => [k, 'description'] as const),
  ...['分類', '分类', '類別', '类别', 'category'].map((k) => [k, 'category'] as const),
]);
/** Longest keys first, so 商品名稱 is not read as 商品名 + '稱'. */
const KEY_LIST = [...KEYS.keys()].sort((a, b) => b.length - a.length);
const SEPARATOR = /^[ \u3000:：]+/;
const UNLIMITED_WORDS = new Set(['無限', '无限', '不限', '無上限', 'unlimited']);

export const FIELD_LABELS: Readonly<Record<ChatProductField, string>> = {
  name: '商品名',
  price: '價格',
  stock: '庫存',
  description: '描述',
  category: '分類',
};

function shown(line: string): string {
  return line.length > MAX_LINE_SHOWN ? `${line.slice(0, MAX_LINE_SHOWN)}…` : line;
}

/** Full-width digits and signs to half-width, commas and spaces out, the given unit words off. */
function numberText(value: string, prefixes: RegExp, suffixes: RegExp): string {
  return value.normalize('NFKC').replace(/[,\s]/g, '').replace(prefixes, '').replace(suffixes, '');
}

function readInteger(text: string): number | null {
  return /^-?[0-9]{1,9}$/.test(text) ? Number(text) : null;
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? '格式不正確';
}

type FieldValue = { ok: true; value: ChatProductChanges[ChatProductField] } | { ok: false; reason: string };

function readValue(field: ChatProductField, raw: string): FieldValue {
  if (field === 'price') {
    const n = readInteger(numberText(raw, /^(?:NT\$|NTD|\$)/i, /(?:元|NTD)$/i));
    if (n === null || n < 1)
      return { ok: false, reason: `價格請輸入 1 到 ${PRODUCT_PRICE_MAX.toLocaleString('en-US')} 的整數` };
    const checked = productFields.price.safeParse(n);
    return checked.success ? { ok: true, value: checked.data } : { ok: false, reason: firstIssue(checked) };
  }
  if (field === 'stock') {
    const text = numberText(raw, /^$/, /[個个件]$/);
    const n = UNLIMITED_WORDS.has(text.toLowerCase()) ? UNLIMITED_STOCK : readInteger(text);
    if (n === null) return { ok: false, reason: '庫存請輸入 0 以上的整數，或「無限」' };
    const checked = productFields.stock.safeParse(n);
    return checked.success ? { ok: true, value: checked.data } : { ok: false, reason: firstIssue(checked) };
  }
  const checked = productFields[field].safeParse(raw);
  if (!checked.success) return { ok: false, reason: firstIssue(checked) };
  if (checked.data === null || checked.data === '') return { ok: false, reason: `${FIELD_LABELS[field]}不能是空的` };
  return { ok: true, value: checked.data };
}

/** The key at the start of a line and the value after its separator; null when no key starts it. */
function splitLine(line: string): { field: ChatProductField; value: string } | null {
  const lower = line.toLowerCase();
  for (const key of KEY_LIST) {
    if (!lower.startsWith(key)) continue;
    const rest = line.slice(key.length);
    const separator = SEPARATOR.exec(rest);
    // '價格1500' has no separator: not understood (every documented format has one).
    if (!separator) continue;
    return { field: KEYS.get(key)!, value: rest.slice(separator[0].length).trim() };
  }
  return null;
}

export function parseChatProductLines(text: string): ChatProductLines {
  const changes: ChatProductChanges = {};
  const problems: ChatProductLineProblem[] = [];
  const lines = String(text ?? '')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const [index, line] of lines.entries()) {
    if (index >= MAX_EDIT_LINES) {
      problems.push({ line: shown(line), reason: `一次最多 ${MAX_EDIT_LINES} 行，這行沒有處理` });
      continue;
    }
    const split = splitLine(line);
    if (!split) {
      problems.push({ line: shown(line), reason: '看不懂這行（格式：商品名:新款上衣、價格 1500、庫存 20）' });
      continue;
    }
    if (split.value === '') {
      problems.push({ line: shown(line), reason: `${FIELD_LABELS[split.field]}沒有填值` });
      continue;
    }
    const value = readValue(split.field, split.value);
    if (!value.ok) {
      problems.push({ line: shown(line), reason: value.reason });
      continue;
    }
    (changes as Record<string, unknown>)[split.field] = value.value;
  }
  return { changes, problems };
}
