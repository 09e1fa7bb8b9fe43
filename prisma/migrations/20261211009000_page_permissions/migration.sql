-- Permissions become per page of the admin (domain/team/admin-pages.ts) instead of per area:
-- every stored area-keyed map is rewritten so each page carries the level its area had. Keys
-- that are already pages (a map saved after this change) are left as they are.
CREATE TEMPORARY TABLE page_areas (page text PRIMARY KEY, area text NOT NULL) ON COMMIT DROP;
INSERT INTO page_areas (page, area) VALUES
    ('settings/shop', 'settings'),
    ('settings/branches', 'restaurant'),
    ('settings/hours', 'restaurant'),
    ('settings/pickup', 'restaurant'),
    ('products', 'products'),
    ('menu', 'products'),
    ('menu/option-groups', 'products'),
    ('settings/line', 'settings'),
    ('settings/orders', 'settings'),
    ('settings/notifications', 'settings'),
    ('settings/payments', 'settings'),
    ('settings/order-handling', 'orders'),
    ('order-board', 'orders'),
    ('order-board/future', 'orders'),
    ('orders', 'orders'),
    ('daily/stock', 'orders'),
    ('daily/pauses', 'orders'),
    ('daily/capacity', 'restaurant'),
    ('dashboard', 'analytics'),
    ('reports/transactions', 'analytics'),
    ('reports/daily', 'analytics'),
    ('reports/products', 'analytics'),
    ('reports/branch-products', 'analytics'),
    ('customers', 'customers'),
    ('members', 'customers'),
    ('members/points', 'customers'),
    ('members/tiers', 'customers'),
    ('members/tags', 'customers'),
    ('promotions', 'customers'),
    ('promotions/codes', 'customers'),
    ('promotions/coupons', 'customers'),
    ('promotions/campaigns', 'customers'),
    ('settings/qr-codes', 'restaurant'),
    ('settings/printers', 'restaurant'),
    ('settings/ubereats', 'settings'),
    ('settings/invoices', 'settings'),
    ('invoices', 'orders'),
    ('settings/delivery', 'settings'),
    ('team', 'team'),
    ('attendance', 'attendance'),
    ('billing', 'settings');

UPDATE "staff" s SET "permissions" = (
  SELECT coalesce(jsonb_object_agg(pa.page, s."permissions" -> pa.area), '{}'::jsonb)
  FROM page_areas pa WHERE s."permissions" ? pa.area
)
WHERE s."permissions" IS NOT NULL AND jsonb_typeof(s."permissions") = 'object'
  AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(s."permissions") k WHERE k LIKE '%/%');

UPDATE "invitations" i SET "permissions" = (
  SELECT coalesce(jsonb_object_agg(pa.page, i."permissions" -> pa.area), '{}'::jsonb)
  FROM page_areas pa WHERE i."permissions" ? pa.area
)
WHERE i."permissions" IS NOT NULL AND jsonb_typeof(i."permissions") = 'object'
  AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(i."permissions") k WHERE k LIKE '%/%');
