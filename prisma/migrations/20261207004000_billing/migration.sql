-- CreateEnum
CREATE TYPE "billing_access" AS ENUM ('full', 'grace', 'read_only');

-- CreateTable
CREATE TABLE "billing_plans" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "monthly_price_twd" INTEGER NOT NULL,
    "trial_days" INTEGER NOT NULL,
    "features" TEXT[],
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "billing_plans_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "tenant_subscriptions" (
    "tenant_id" UUID NOT NULL,
    "plan_code" TEXT NOT NULL,
    "stripe_customer_id" TEXT,
    "stripe_subscription_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'checkout',
    "trial_ends_at" TIMESTAMPTZ(3),
    "current_period_ends_at" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "access" "billing_access" NOT NULL DEFAULT 'read_only',
    "grace_ends_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_subscriptions_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "stripe_webhook_events" (
    "id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "account" TEXT,
    "tenant_id" UUID,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(3),
    "dispatched_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "stripe_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_subscriptions_stripe_customer_id_key" ON "tenant_subscriptions"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_subscriptions_stripe_subscription_id_key" ON "tenant_subscriptions"("stripe_subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "stripe_webhook_events_event_id_key" ON "stripe_webhook_events"("event_id");

-- CreateIndex
CREATE INDEX "stripe_webhook_events_dispatched_at_received_at_idx" ON "stripe_webhook_events"("dispatched_at", "received_at");

-- CreateIndex
CREATE INDEX "stripe_webhook_events_tenant_id_idx" ON "stripe_webhook_events"("tenant_id");

-- AddForeignKey
ALTER TABLE "tenant_subscriptions" ADD CONSTRAINT "tenant_subscriptions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_subscriptions" ADD CONSTRAINT "tenant_subscriptions_plan_code_fkey" FOREIGN KEY ("plan_code") REFERENCES "billing_plans"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_webhook_events" ADD CONSTRAINT "stripe_webhook_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The plans Jiayi sells: the one plan of the LINE "+1" guide, and MAX with what the restaurant
-- manual marks MAX (member profiles, attendance).
INSERT INTO "billing_plans" ("code", "name", "monthly_price_twd", "trial_days", "features", "sort_order") VALUES
  ('standard', '加一 標準方案', 1999, 7, ARRAY[]::TEXT[], 1),
  ('max', '加一 MAX 方案', 3999, 7, ARRAY['member_profiles', 'attendance']::TEXT[], 2);
