/**
 * How far a phone is from the shop when a staff member clocks in from LINE and shares their
 * location. Great-circle distance on a sphere: metres are all a clock-in needs.
 */

const EARTH_RADIUS_M = 6_371_000;

/** Farther than this from every branch, a punch is recorded but flagged 不在店內. */
export const CLOCK_IN_RADIUS_M = 200;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Metres between two WGS84 points (haversine), rounded to the metre. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLng = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** The branch nearest to `at` among those with a location, with its distance; null when none has one. */
export function nearestBranch<B extends { id: string; latitude: number | null; longitude: number | null }>(
  at: GeoPoint,
  branches: readonly B[],
): { branch: B; metres: number } | null {
  let best: { branch: B; metres: number } | null = null;
  for (const branch of branches) {
    if (branch.latitude === null || branch.longitude === null) continue;
    const metres = distanceMetres(at, { latitude: branch.latitude, longitude: branch.longitude });
    if (!best || metres < best.metres) best = { branch, metres };
  }
  return best;
}

/** Whether a recorded distance counts as at the shop (null: the phone did not share it). */
export function atShop(metres: number | null): boolean | null {
  return metres === null ? null : metres <= CLOCK_IN_RADIUS_M;
}
