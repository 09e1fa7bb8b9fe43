-- 點數 / 發券記錄: the shop's whole points ledger and every coupon it issued, newest first and
-- paged by keyset, each walked by one index instead of sorted.

-- CreateIndex
CREATE INDEX "member_point_entries_tenant_id_created_at_id_idx" ON "member_point_entries"("tenant_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "member_coupons_tenant_id_issued_at_id_idx" ON "member_coupons"("tenant_id", "issued_at", "id");
