import type { CampaignSummary } from '#lib/api.ts';
import { apiFetch } from '#lib/auth.ts';
import type { TFunction } from 'i18next';

/** 暫停 / 恢復 a campaign (its Temporal Schedule with it), from its card or its page. */
export function setCampaignPaused(tenant: string, campaignId: string, paused: boolean) {
  return apiFetch(`/api/t/${encodeURIComponent(tenant)}/coupon-campaigns/${encodeURIComponent(campaignId)}/paused`, {
    method: 'PUT',
    json: { paused },
  });
}

/** 「生日當月發送（每年一張）」: when a campaign sends and to whom, in the marketer's words. */
export function campaignWhen(t: TFunction, c: CampaignSummary, tags: { id: string; name: string }[]): string {
  return c.kind === 'repurchase'
    ? t('promotions.campaigns.kindText.repurchase', { days: c.days })
    : c.kind === 'segment'
      ? t('promotions.campaigns.kindText.segment', { tag: tags.find((tag) => tag.id === c.tagId)?.name ?? '?' })
      : t('promotions.campaigns.kindText.birthday');
}
