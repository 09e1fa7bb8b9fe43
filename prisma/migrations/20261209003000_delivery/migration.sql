-- CreateTable
CREATE TABLE "delivery_settings" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "partner" TEXT NOT NULL,
    "api_key" TEXT NOT NULL,
    "api_secret_sealed" TEXT NOT NULL,
    "service_type" TEXT NOT NULL,
    "fee_paid_by" TEXT NOT NULL,
    "book_when" TEXT NOT NULL,
    "book_minutes_before" INTEGER NOT NULL DEFAULT 30,
    "last_event_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "delivery_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_bookings" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "partner" TEXT NOT NULL,
    "partner_order_id" TEXT,
    "status" TEXT NOT NULL,
    "fee" INTEGER,
    "share_link" TEXT,
    "driver_name" TEXT,
    "driver_phone" TEXT,
    "driver_plate" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "delivery_bookings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_webhook_events" (
    "id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "settings_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "partner_order_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(3),
    "dispatched_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "delivery_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "delivery_settings_tenant_id_branch_id_key" ON "delivery_settings"("tenant_id", "branch_id");

-- CreateIndex
CREATE INDEX "delivery_bookings_partner_order_id_idx" ON "delivery_bookings"("partner_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_bookings_tenant_id_order_id_attempt_key" ON "delivery_bookings"("tenant_id", "order_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_webhook_events_event_id_key" ON "delivery_webhook_events"("event_id");

-- CreateIndex
CREATE INDEX "delivery_webhook_events_dispatched_at_received_at_idx" ON "delivery_webhook_events"("dispatched_at", "received_at");

-- CreateIndex
CREATE INDEX "delivery_webhook_events_tenant_id_partner_order_id_idx" ON "delivery_webhook_events"("tenant_id", "partner_order_id");
