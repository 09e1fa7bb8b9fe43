-- 會員列表 at 100,000 members: a name containing the search and a phone starting with it are
-- found through trigram indexes (pg_trgm, created by 20261122050000_order_notes), and a tier's
-- members are walked newest first by one index instead of sorted.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "members_tenant_id_tier_id_idx";

-- CreateIndex
CREATE INDEX "customers_display_name_idx" ON "customers" USING GIN ("display_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "members_tenant_id_tier_id_joined_at_id_idx" ON "members"("tenant_id", "tier_id", "joined_at", "id");

-- CreateIndex
CREATE INDEX "members_phone_idx" ON "members" USING GIN ("phone" gin_trgm_ops);
