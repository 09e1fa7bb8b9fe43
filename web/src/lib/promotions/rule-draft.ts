import type { DiscountScopeChoices } from '#lib/api.ts';
import { foldOf, formatNtd, formatTaipeiDateTime, type StoredDiscount } from '#lib/domain.ts';
import type { TFunction } from 'i18next';

/**
 * A discount as its form edits it (every kind's numbers kept while the marketer switches kind),
 * the rule it stands for, and the one line that tells a marketer what a rule does.
 */
export interface RuleDraft {
  kind: StoredDiscount['value']['kind'];
  percent: number;
  amount: number;
  buy: number;
  get: number;
  minSpend: number;
  scope: 'all' | 'categories' | 'items';
  categoryIds: string[];
  itemIds: string[];
  excludedItemIds: string[];
  stacks: boolean;
}

export function newRuleDraft(): RuleDraft {
  return {
    kind: 'percent',
    percent: 10,
    amount: 50,
    buy: 2,
    get: 1,
    minSpend: 0,
    scope: 'all',
    categoryIds: [],
    itemIds: [],
    excludedItemIds: [],
    stacks: false,
  };
}

/** The form's draft of a stored rule (an edit starts from it; the other kinds keep their defaults). */
export function draftOfRule(rule: StoredDiscount): RuleDraft {
  const v = rule.value;
  return {
    ...newRuleDraft(),
    kind: v.kind,
    ...(v.kind === 'percent'
      ? { percent: v.percent }
      : v.kind === 'amount'
        ? { amount: v.amount }
        : { buy: v.buy, get: v.get }),
    minSpend: rule.minSpend,
    scope: rule.scope.categoryIds ? 'categories' : rule.scope.itemIds ? 'items' : 'all',
    categoryIds: [...(rule.scope.categoryIds ?? [])],
    itemIds: [...(rule.scope.itemIds ?? [])],
    excludedItemIds: [...rule.scope.excludedItemIds],
    stacks: rule.stacks,
  };
}

export function ruleOfDraft(d: RuleDraft): StoredDiscount {
  const value: StoredDiscount['value'] =
    d.kind === 'percent'
      ? { kind: 'percent', percent: d.percent }
      : d.kind === 'amount'
        ? { kind: 'amount', amount: d.amount }
        : { kind: 'buy_x_get_y', buy: d.buy, get: d.get };
  return {
    value,
    scope: {
      categoryIds: d.scope === 'categories' ? d.categoryIds : null,
      itemIds: d.scope === 'items' ? d.itemIds : null,
      excludedItemIds: d.excludedItemIds,
    },
    minSpend: d.minSpend,
    stacks: d.stacks,
  };
}

/** 「飲料 打 9 折，滿 NT$300，不含 珍珠奶茶，可併用」 in the marketer's language. */
export function describeRule(t: TFunction, rule: StoredDiscount, choices: DiscountScopeChoices): string {
  const names = (ids: readonly string[], from: { id: string; name: string }[]) =>
    ids.map((id) => from.find((c) => c.id === id)?.name ?? '?').join('、');
  const v = rule.value;
  const what =
    v.kind === 'percent'
      ? t('promotions.value.percentText', { fold: foldOf(v.percent), percent: v.percent })
      : v.kind === 'amount'
        ? t('promotions.value.amountText', { amount: formatNtd(v.amount) })
        : t('promotions.value.buyGetText', { buy: v.buy, get: v.get });
  const parts = [
    rule.scope.categoryIds
      ? t('promotions.scope.onNames', { names: names(rule.scope.categoryIds, choices.categories), what })
      : rule.scope.itemIds
        ? t('promotions.scope.onNames', { names: names(rule.scope.itemIds, choices.items), what })
        : t('promotions.scope.onAll', { what }),
  ];
  if (rule.minSpend > 0) parts.push(t('promotions.rule.minSpendText', { amount: formatNtd(rule.minSpend) }));
  if (rule.scope.excludedItemIds.length)
    parts.push(t('promotions.rule.excludingText', { names: names(rule.scope.excludedItemIds, choices.items) }));
  parts.push(rule.stacks ? t('promotions.rule.stacksText') : t('promotions.rule.aloneText'));
  return parts.join(t('promotions.rule.separator'));
}

/** A stored instant as the datetime-local value of its Taipei wall-clock time; '' for none. */
export function isoToTaipeiInput(instant: Date | string | null): string {
  if (!instant) return '';
  const text = formatTaipeiDateTime(new Date(instant)); // YYYY/MM/DD HH:mm
  return `${text.slice(0, 10).replaceAll('/', '-')}T${text.slice(11)}`;
}

/** A datetime-local value read as Taipei time (what the marketer means), as ISO; '' is none. */
export function taipeiInputToIso(value: string): string | null {
  return value ? `${value}:00+08:00` : null;
}
