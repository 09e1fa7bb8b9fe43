-- CreateTable
CREATE TABLE "coupons" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "valid_days" INTEGER,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "uses_per_coupon" INTEGER NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_coupons" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "coupon_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "issue_key" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "used_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "member_coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_coupon_uses" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_coupon_id" UUID NOT NULL,
    "order_ref" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_coupon_uses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "coupons_tenant_id_created_at_idx" ON "coupons"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "member_coupons_member_id_valid_until_idx" ON "member_coupons"("member_id", "valid_until");

-- CreateIndex
CREATE INDEX "member_coupons_coupon_id_idx" ON "member_coupons"("coupon_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_coupons_tenant_id_issue_key_key" ON "member_coupons"("tenant_id", "issue_key");

-- CreateIndex
CREATE INDEX "member_coupon_uses_tenant_id_order_ref_idx" ON "member_coupon_uses"("tenant_id", "order_ref");

-- CreateIndex
CREATE UNIQUE INDEX "member_coupon_uses_member_coupon_id_order_ref_key" ON "member_coupon_uses"("member_coupon_id", "order_ref");

-- AddForeignKey
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_coupon_uses" ADD CONSTRAINT "member_coupon_uses_member_coupon_id_fkey" FOREIGN KEY ("member_coupon_id") REFERENCES "member_coupons"("id") ON DELETE CASCADE ON UPDATE CASCADE;
