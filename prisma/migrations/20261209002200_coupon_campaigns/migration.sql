-- CreateTable
CREATE TABLE "coupon_campaigns" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "coupon_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "days" INTEGER,
    "tag_id" UUID,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "coupon_campaigns_tenant_id_created_at_idx" ON "coupon_campaigns"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "coupon_campaigns" ADD CONSTRAINT "coupon_campaigns_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_campaigns" ADD CONSTRAINT "coupon_campaigns_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE CASCADE ON UPDATE CASCADE;
