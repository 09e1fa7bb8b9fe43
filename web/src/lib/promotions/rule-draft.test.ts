import { describe, expect, it } from 'vitest';
import type { StoredDiscount } from '#lib/domain.ts';
import { draftOfRule, isoToTaipeiInput, newRuleDraft, ruleOfDraft, taipeiInputToIso } from './rule-draft.ts';

const rules: StoredDiscount[] = [
  {
    value: { kind: 'percent', percent: 15 },
    scope: { itemIds: null, categoryIds: ['c1'], excludedItemIds: ['i9'] },
    minSpend: 300,
    stacks: true,
  },
  {
    value: { kind: 'amount', amount: 80 },
    scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
    minSpend: 0,
    stacks: false,
  },
  {
    value: { kind: 'buy_x_get_y', buy: 2, get: 1 },
    scope: { itemIds: ['i1', 'i2'], categoryIds: null, excludedItemIds: [] },
    minSpend: 0,
    stacks: false,
  },
];

describe('an edit form’s starting point', () => {
  it.each(rules)('gives back the stored rule unchanged (%#)', (rule) => {
    expect(ruleOfDraft(draftOfRule(rule))).toEqual(rule);
  });

  it('keeps the other kinds’ defaults for a marketer who switches kind', () => {
    expect(draftOfRule(rules[1]!)).toMatchObject({ kind: 'amount', amount: 80, percent: newRuleDraft().percent });
  });

  it('shows a stored time as the Taipei wall clock the form sends back', () => {
    expect(isoToTaipeiInput('2027-03-31T15:59:00.000Z')).toBe('2027-03-31T23:59');
    expect(taipeiInputToIso(isoToTaipeiInput('2027-03-31T15:59:00.000Z'))).toBe('2027-03-31T23:59:00+08:00');
    expect(isoToTaipeiInput(null)).toBe('');
  });
});
