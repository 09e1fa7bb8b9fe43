import { z } from 'zod';
import { GENDERS } from './member-profile.ts';

/**
 * A segment of a shop's members: conditions joined by all (且) or any (或). Rule tags keep their
 * members by one; campaigns pick their audience by one (db/members/segments.ts runs it in SQL).
 */
const uuid = z.uuid();
const days = z.number().int().min(1).max(730);

export const segmentConditionSchema = z.discriminatedUnion('kind', [
  /** Carries this tag (manual or rule). */
  z.object({ kind: z.literal('tag'), tagId: uuid }),
  /** In this VIP tier. */
  z.object({ kind: z.literal('tier'), tierId: uuid }),
  /** Ordered before, but not in the last `days` days (近 30 天未回購). */
  z.object({ kind: z.literal('lapsed'), days }),
  /** Ordered at least `minOrders` times in the last `days` days. */
  z.object({ kind: z.literal('ordered'), days, minOrders: z.number().int().min(1).max(1000) }),
  /** Spent at least `amount` NT$ in the last `days` days. */
  z.object({ kind: z.literal('spent'), days, amount: z.number().int().min(1).max(100_000_000) }),
  /** Bought items whose name contains `keyword` at least `minUnits` times (愛吃辣: 辣). */
  z.object({
    kind: z.literal('bought'),
    keyword: z.string().trim().min(1).max(30),
    minUnits: z.number().int().min(1).max(1000),
  }),
  z.object({ kind: z.literal('birthday_month'), month: z.number().int().min(1).max(12) }),
  z.object({ kind: z.literal('gender'), gender: z.enum(GENDERS) }),
  /** Joined in the last `days` days. */
  z.object({ kind: z.literal('joined'), days }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export const segmentSchema = z.object({
  match: z.enum(['all', 'any']),
  conditions: z.array(segmentConditionSchema).min(1, '請至少設定一個條件').max(10),
});
export type Segment = z.infer<typeof segmentSchema>;

/** Rule tags a shop can start from. */
export const RULE_TAG_PRESETS: readonly { name: string; rule: Segment }[] = [
  { name: '近 30 天未回購', rule: { match: 'all', conditions: [{ kind: 'lapsed', days: 30 }] } },
  { name: '愛吃辣', rule: { match: 'all', conditions: [{ kind: 'bought', keyword: '辣', minUnits: 3 }] } },
  { name: '本月壽星', rule: { match: 'all', conditions: [{ kind: 'birthday_month', month: 1 }] } },
];

const GENDER_ZH = { female: '女性', male: '男性', other: '其他', undisclosed: '不透露' } as const;

/** One condition in words, zh-TW (tag and tier by the names the caller knows them by). */
export function describeCondition(
  c: SegmentCondition,
  names: { tags: Map<string, string>; tiers: Map<string, string> },
): string {
  switch (c.kind) {
    case 'tag':
      return `有標籤「${names.tags.get(c.tagId) ?? '已刪除的標籤'}」`;
    case 'tier':
      return `等級為「${names.tiers.get(c.tierId) ?? '已刪除的等級'}」`;
    case 'lapsed':
      return `近 ${c.days} 天未回購`;
    case 'ordered':
      return `近 ${c.days} 天訂購 ${c.minOrders} 次以上`;
    case 'spent':
      return `近 ${c.days} 天消費 NT$${c.amount.toLocaleString('en-US')} 以上`;
    case 'bought':
      return `買過「${c.keyword}」相關品項 ${c.minUnits} 份以上`;
    case 'birthday_month':
      return `${c.month} 月壽星`;
    case 'gender':
      return GENDER_ZH[c.gender];
    case 'joined':
      return `近 ${c.days} 天加入`;
  }
}

export function describeSegment(
  segment: Segment,
  names: { tags: Map<string, string>; tiers: Map<string, string> },
): string {
  return segment.conditions.map((c) => describeCondition(c, names)).join(segment.match === 'all' ? '，且' : '，或');
}

/** Tag conditions a rule tag may not have on itself (it would feed on its own members). */
export function refersToTag(segment: Segment, tagId: string): boolean {
  return segment.conditions.some((c) => c.kind === 'tag' && c.tagId === tagId);
}
