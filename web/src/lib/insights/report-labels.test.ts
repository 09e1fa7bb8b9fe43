import { describe, expect, it } from 'vitest';
import { PAYMENT_LABELS_ZH, PICKUP_LABELS_ZH } from '../../../../domain/insights/report-labels.ts';
import zh from '../i18n/zh-TW/reports.json' with { type: 'json' };

describe('the reports’ CSV words', () => {
  it('are the words the report pages show', () => {
    expect(PAYMENT_LABELS_ZH).toEqual(zh.reports.payment);
    expect(PICKUP_LABELS_ZH).toEqual(zh.reports.pickup);
  });
});
