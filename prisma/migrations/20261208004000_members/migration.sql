-- CreateTable
CREATE TABLE "members" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "member_code" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "birthday" DATE,
    "gender" TEXT NOT NULL,
    "consent_version" TEXT NOT NULL,
    "consented_at" TIMESTAMPTZ(3) NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tier_id" UUID,
    "tier_since" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_point_rules" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "spend_per_point" INTEGER NOT NULL,
    "points_per_order" INTEGER NOT NULL,
    "redeem_points" INTEGER NOT NULL,
    "redeem_amount" INTEGER NOT NULL,
    "min_redeem_points" INTEGER NOT NULL,
    "max_redeem_percent" INTEGER NOT NULL,
    "expiry_days" INTEGER,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_point_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_point_entries" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "order_id" UUID,
    "lot_id" UUID,
    "expires_at" TIMESTAMPTZ(3),
    "idempotency_key" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_point_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_tiers" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "min_spend" INTEGER NOT NULL,
    "min_orders" INTEGER NOT NULL,
    "window_days" INTEGER NOT NULL,
    "discount_percent" INTEGER NOT NULL,
    "points_multiplier_pct" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_tags" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule" JSONB,
    "refreshed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_tag_links" (
    "tenant_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_tag_links_pkey" PRIMARY KEY ("tag_id","member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "members_customer_id_key" ON "members"("customer_id");

-- CreateIndex
CREATE INDEX "members_tenant_id_joined_at_id_idx" ON "members"("tenant_id", "joined_at", "id");

-- CreateIndex
CREATE INDEX "members_tenant_id_phone_idx" ON "members"("tenant_id", "phone");

-- CreateIndex
CREATE INDEX "members_tenant_id_tier_id_idx" ON "members"("tenant_id", "tier_id");

-- CreateIndex
CREATE UNIQUE INDEX "members_tenant_id_member_code_key" ON "members"("tenant_id", "member_code");

-- CreateIndex
CREATE INDEX "member_point_rules_tenant_id_effective_from_idx" ON "member_point_rules"("tenant_id", "effective_from");

-- CreateIndex
CREATE INDEX "member_point_entries_tenant_id_member_id_created_at_idx" ON "member_point_entries"("tenant_id", "member_id", "created_at");

-- CreateIndex
CREATE INDEX "member_point_entries_tenant_id_expires_at_idx" ON "member_point_entries"("tenant_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "member_point_entries_tenant_id_idempotency_key_key" ON "member_point_entries"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "member_tiers_tenant_id_rank_key" ON "member_tiers"("tenant_id", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "member_tiers_tenant_id_name_key" ON "member_tiers"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "member_tags_tenant_id_name_key" ON "member_tags"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "member_tag_links_tenant_id_member_id_idx" ON "member_tag_links"("tenant_id", "member_id");

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "member_tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_point_rules" ADD CONSTRAINT "member_point_rules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_point_entries" ADD CONSTRAINT "member_point_entries_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_tiers" ADD CONSTRAINT "member_tiers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_tags" ADD CONSTRAINT "member_tags_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_tag_links" ADD CONSTRAINT "member_tag_links_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "member_tags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_tag_links" ADD CONSTRAINT "member_tag_links_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
