/**
 * Features only some plans include (the restaurant manual marks them MAX). A plan lists the
 * codes it unlocks (billing_plans.features); everything not listed here is in every plan.
 */
export const PLAN_FEATURES = ['member_profiles', 'attendance'] as const;
export type PlanFeature = (typeof PLAN_FEATURES)[number];

export function isPlanFeature(value: string): value is PlanFeature {
  return (PLAN_FEATURES as readonly string[]).includes(value);
}

/**
 * What a shop may use. `null`: a shop Jiayi does not bill (no subscription row), which has every
 * feature; otherwise exactly its plan's.
 */
export function includesFeature(planFeatures: readonly string[] | null, feature: PlanFeature): boolean {
  return planFeatures === null || planFeatures.includes(feature);
}
