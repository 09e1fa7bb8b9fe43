-- 手動發券: one row per 發券 request, its audience, what was issued and how far the LINE coupon cards got.
CREATE TABLE "coupon_issues" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "coupon_id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "audience_kind" TEXT NOT NULL,
    "member_ids" UUID[],
    "send_line" BOOLEAN NOT NULL,
    "actor" TEXT NOT NULL,
    "prepared_at" TIMESTAMPTZ(3),
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sent" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "coupon_issues_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "coupon_issues_tenant_id_request_id_key" ON "coupon_issues"("tenant_id", "request_id");
CREATE INDEX "coupon_issues_coupon_id_created_at_idx" ON "coupon_issues"("coupon_id", "created_at");

ALTER TABLE "coupon_issues" ADD CONSTRAINT "coupon_issues_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "coupon_issues" ADD CONSTRAINT "coupon_issues_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE CASCADE ON UPDATE CASCADE;
