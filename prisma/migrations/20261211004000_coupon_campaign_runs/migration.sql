-- 自動發送設定: each day's run of a campaign with its figures, and the LINE message per issued coupon.
CREATE TABLE "coupon_campaign_runs" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "run_key" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "audience" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "line_sent" INTEGER NOT NULL DEFAULT 0,
    "line_failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "coupon_campaign_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "coupon_campaign_messages" (
    "member_coupon_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_campaign_messages_pkey" PRIMARY KEY ("member_coupon_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "coupon_campaign_runs_campaign_id_run_key_key" ON "coupon_campaign_runs"("campaign_id", "run_key");

-- CreateIndex
CREATE INDEX "coupon_campaign_messages_run_id_status_idx" ON "coupon_campaign_messages"("run_id", "status");

-- AddForeignKey
ALTER TABLE "coupon_campaign_runs" ADD CONSTRAINT "coupon_campaign_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "coupon_campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupon_campaign_messages" ADD CONSTRAINT "coupon_campaign_messages_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "coupon_campaign_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
