import { z } from 'zod';

/**
 * A branch's ways for a customer to get their food (取件方式設定): 自取 pickup, 外送 delivery and
 * 內用 dine-in. Shared by the API (which enforces it), the admin page (which explains it before
 * 儲存) and the storefront's delivery quote. Flat keys so every refusal names one form field.
 * Money is whole NT$.
 */

export const LEAD_MINUTES_MAX = 24 * 60;
export const SLOT_MINUTES = [10, 15, 20, 30, 60] as const;
export const RADIUS_METRES_MAX = 50_000;
export const MONEY_MAX = 100_000;
export const ZONES_MAX = 30;
export const ZONE_NAME_MAX = 30;
export const TABLES_MAX = 200;
export const TABLE_LABEL_MAX = 10;
export const DELIVERY_AREAS = ['radius', 'zones'] as const;
export type DeliveryArea = (typeof DELIVERY_AREAS)[number];

const whole = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}必須是整數` })
    // A refinement, not .int(): .int() would end the parse and hide the form's other errors.
    .refine(Number.isInteger, `${label}必須是整數`)
    .min(min, `${label}不能小於 ${min}`)
    .max(max, `${label}不能超過 ${max}`);

const money = (label: string) => whole(`${label}（NT$）`, 0, MONEY_MAX);

/** A required one-line text field of a settings form (also the printers'). */
export const text = (label: string, max: number) =>
  z
    .string({ error: `請輸入${label}` })
    .trim()
    .min(1, `請輸入${label}`)
    .max(max, `${label}最多 ${max} 個字`)
    .refine((value) => !/\p{Cc}/u.test(value), `${label}不能有控制字元`);

export const deliveryZoneSchema = z.strictObject({
  name: text('區域名稱', ZONE_NAME_MAX),
  fee: money('區域運費'),
  minimumOrder: money('區域外送低消'),
});
export type DeliveryZone = z.infer<typeof deliveryZoneSchema>;

/** A table label: letters, digits and dashes, as printed on the table's QR card. */
const tableLabel = z
  .string({ error: '桌號必須是文字' })
  .trim()
  .min(1, '桌號不能空白')
  .max(TABLE_LABEL_MAX, `桌號最多 ${TABLE_LABEL_MAX} 個字`)
  .regex(/^[\p{L}\p{N}-]+$/u, '桌號只能有文字、數字和「-」');

const CROSS_CHECKED = ['deliveryEnabled', 'deliveryArea', 'deliveryZones', 'dineInEnabled', 'tables'];

/**
 * The cross checks run even when other fields are wrong (so the form shows every problem at
 * once), once the fields they read are readable.
 */
const crossChecksReadable = {
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some(({ path = [] }) => path.length === 0 || CROSS_CHECKED.includes(String(path[0]))),
};

export const pickupMethodsSchema = z
  .strictObject({
    pickupEnabled: z.boolean({ error: '自取開關必須是開或關' }),
    /** Earliest pickup is this many minutes after the order (備餐時間). */
    pickupLeadMinutes: whole('自取備餐時間（分鐘）', 0, LEAD_MINUTES_MAX),
    pickupSlotMinutes: z.union(
      SLOT_MINUTES.map((m) => z.literal(m)),
      { error: `取餐時段只能是 ${SLOT_MINUTES.join('、')} 分鐘` },
    ),
    deliveryEnabled: z.boolean({ error: '外送開關必須是開或關' }),
    deliveryArea: z.enum(DELIVERY_AREAS, { error: '外送範圍只能是依距離（radius）或依區域（zones）' }),
    deliveryRadiusMetres: whole('外送半徑（公尺）', 100, RADIUS_METRES_MAX),
    deliveryZones: z
      .array(deliveryZoneSchema, { error: '外送區域必須是清單' })
      .max(ZONES_MAX, `外送區域最多 ${ZONES_MAX} 個`),
    deliveryFee: money('外送運費'),
    deliveryMinimumOrder: money('外送低消'),
    /** Orders of at least this subtotal ride free; null: never free. */
    freeDeliveryOver: money('免運門檻').nullable(),
    deliveryLeadMinutes: whole('外送準備時間（分鐘）', 0, LEAD_MINUTES_MAX),
    dineInEnabled: z.boolean({ error: '內用開關必須是開或關' }),
    tables: z.array(tableLabel, { error: '桌號必須是清單' }).max(TABLES_MAX, `桌號最多 ${TABLES_MAX} 個`),
  })
  .superRefine((settings, ctx) => {
    const seenZones = new Set<string>();
    settings.deliveryZones.forEach((zone, i) => {
      const key = zone.name.toLowerCase();
      if (seenZones.has(key))
        ctx.addIssue({ code: 'custom', path: ['deliveryZones', i, 'name'], message: `外送區域「${zone.name}」重複了` });
      seenZones.add(key);
    });
    const seenTables = new Set<string>();
    settings.tables.forEach((label, i) => {
      const key = label.toUpperCase();
      if (seenTables.has(key)) ctx.addIssue({ code: 'custom', path: ['tables', i], message: `桌號「${label}」重複了` });
      seenTables.add(key);
    });
    if (settings.deliveryEnabled && settings.deliveryArea === 'zones' && settings.deliveryZones.length === 0)
      ctx.addIssue({ code: 'custom', path: ['deliveryZones'], message: '依區域外送時，請至少新增一個區域' });
    if (settings.dineInEnabled && settings.tables.length === 0)
      ctx.addIssue({ code: 'custom', path: ['tables'], message: '開啟內用時，請至少輸入一個桌號' });
  }, crossChecksReadable);

export type PickupMethods = z.infer<typeof pickupMethodsSchema>;

/**
 * The first message of each delivery zone's field, keyed `index.field` ("0.fee"), so the zones
 * editor shows it beside that zone's field (form-errors.ts keys only the top-level field).
 */
export function zoneErrors(error: z.ZodError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { path, message } of error.issues) {
    if (path[0] !== 'deliveryZones' || typeof path[1] !== 'number' || typeof path[2] !== 'string') continue;
    const key = `${path[1]}.${path[2]}`;
    if (!(key in found)) found[key] = message;
  }
  return found;
}

/** A branch that has never saved its settings: pickup only, the rest off. */
export const DEFAULT_PICKUP_METHODS: PickupMethods = {
  pickupEnabled: true,
  pickupLeadMinutes: 20,
  pickupSlotMinutes: 15,
  deliveryEnabled: false,
  deliveryArea: 'radius',
  deliveryRadiusMetres: 3000,
  deliveryZones: [],
  deliveryFee: 60,
  deliveryMinimumOrder: 300,
  freeDeliveryOver: null,
  deliveryLeadMinutes: 40,
  dineInEnabled: false,
  tables: [],
};

/**
 * Stored settings as the app reads them: the defaults under whatever validates (an older or
 * damaged row never breaks the page; the merchant sees and saves a whole form).
 */
export function readPickupMethods(stored: unknown): PickupMethods {
  const merged = { ...DEFAULT_PICKUP_METHODS, ...(typeof stored === 'object' && stored !== null ? stored : {}) };
  const parsed = pickupMethodsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_PICKUP_METHODS;
}

export type PickupMethod = 'pickup' | 'delivery' | 'dine_in';

/** The methods a customer may choose, in the storefront's order. */
export function methodsOpen(settings: PickupMethods): PickupMethod[] {
  const open: PickupMethod[] = [];
  if (settings.pickupEnabled) open.push('pickup');
  if (settings.deliveryEnabled) open.push('delivery');
  if (settings.dineInEnabled && settings.tables.length > 0) open.push('dine_in');
  return open;
}

/**
 * Expands what a merchant types or pastes into table labels: "A1-A10, B1~B3 吧台" → A1..A10,
 * B1..B3, 吧台. Separators: commas (full or half width), spaces, new lines, 、. A range keeps its
 * prefix and the start's zero padding (A01-A03 → A01, A02, A03). Returns the labels or an error.
 */
export function expandTables(input: string): { ok: true; tables: string[] } | { ok: false; error: string } {
  const tables: string[] = [];
  for (const part of input.split(/[\s,，、;；]+/u).filter(Boolean)) {
    const range = /^([^\d~～-]*?)(\d+)\s*[-~～]\s*\1?(\d+)$/u.exec(part);
    if (!range) {
      tables.push(part);
      continue;
    }
    const [, prefix = '', from = '', to = ''] = range;
    const start = Number(from);
    const end = Number(to);
    if (end < start) return { ok: false, error: `「${part}」的範圍是倒過來的` };
    if (end - start + 1 + tables.length > TABLES_MAX) return { ok: false, error: `桌號最多 ${TABLES_MAX} 個` };
    const width = from.startsWith('0') ? from.length : 0;
    for (let n = start; n <= end; n++) tables.push(`${prefix}${String(n).padStart(width, '0')}`);
  }
  if (tables.length > TABLES_MAX) return { ok: false, error: `桌號最多 ${TABLES_MAX} 個` };
  return { ok: true, tables };
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** A point when both degrees are known (a branch's columns, a customer's lat/lng), else null. */
export function coordinatesOf(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): Coordinates | null {
  return latitude != null && longitude != null ? { latitude, longitude } : null;
}

const EARTH_RADIUS_METRES = 6_371_008.8;

/** Great-circle distance in metres (haversine); good to a few metres at a town's scale. */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type DeliveryRefusal =
  | 'delivery_off'
  | 'branch_not_located'
  | 'location_required'
  | 'outside_radius'
  | 'zone_required'
  | 'unknown_zone'
  | 'below_minimum';

export type DeliveryQuote =
  | { ok: true; fee: number; distanceMetres: number | null; zone: string | null; minimumOrder: number }
  | { ok: false; reason: DeliveryRefusal; minimumOrder?: number; distanceMetres?: number };

/** Where the customer is: a point (radius mode) and/or a zone they picked (zones mode). */
export interface CustomerPlace {
  coords?: Coordinates | null;
  zone?: string | null;
}

/**
 * Whether this branch delivers an order of `subtotal` (whole NT$) to the customer, and for what
 * fee. By radius: within the radius of the branch's coordinates, the branch's minimum and fee.
 * By zones: the customer's zone's own minimum and fee. The free-delivery threshold applies to both.
 */
export function deliveryQuote(
  settings: PickupMethods,
  branchCoords: Coordinates | null,
  customer: CustomerPlace,
  subtotal: number,
): DeliveryQuote {
  if (!settings.deliveryEnabled) return { ok: false, reason: 'delivery_off' };
  let fee: number;
  let minimumOrder: number;
  let distance: number | null = null;
  let zone: string | null = null;
  if (settings.deliveryArea === 'radius') {
    if (!branchCoords) return { ok: false, reason: 'branch_not_located' };
    if (!customer.coords) return { ok: false, reason: 'location_required' };
    distance = Math.round(distanceMetres(branchCoords, customer.coords));
    if (distance > settings.deliveryRadiusMetres)
      return { ok: false, reason: 'outside_radius', distanceMetres: distance };
    fee = settings.deliveryFee;
    minimumOrder = settings.deliveryMinimumOrder;
  } else {
    if (!customer.zone) return { ok: false, reason: 'zone_required' };
    const wanted = customer.zone.trim().toLowerCase();
    const found = settings.deliveryZones.find((z) => z.name.toLowerCase() === wanted);
    if (!found) return { ok: false, reason: 'unknown_zone' };
    zone = found.name;
    fee = found.fee;
    minimumOrder = found.minimumOrder;
  }
  if (subtotal < minimumOrder)
    return {
      ok: false,
      reason: 'below_minimum',
      minimumOrder,
      ...(distance === null ? {} : { distanceMetres: distance }),
    };
  if (settings.freeDeliveryOver !== null && subtotal >= settings.freeDeliveryOver) fee = 0;
  return { ok: true, fee, distanceMetres: distance, zone, minimumOrder };
}

/** GET .../delivery-quote: the storefront's question. */
export const deliveryQuoteQuery = z
  .strictObject({
    lat: z.coerce
      .number({ error: '緯度必須是數字' })
      .min(-90, '緯度必須介於 -90 到 90')
      .max(90, '緯度必須介於 -90 到 90')
      .optional(),
    lng: z.coerce
      .number({ error: '經度必須是數字' })
      .min(-180, '經度必須介於 -180 到 180')
      .max(180, '經度必須介於 -180 到 180')
      .optional(),
    zone: z.string().trim().max(ZONE_NAME_MAX).optional(),
    subtotal: z.coerce
      .number({ error: '小計必須是整數' })
      .int('小計必須是整數')
      .min(0, '小計不能是負的')
      .max(10_000_000),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { path: ['lng'], message: '緯度和經度要一起給' });
