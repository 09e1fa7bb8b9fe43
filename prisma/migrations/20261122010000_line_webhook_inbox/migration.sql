-- CreateTable
CREATE TABLE "line_webhook_events" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "webhook_event_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(3),
    "dispatched_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "line_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "line_webhook_events_dispatched_at_received_at_idx" ON "line_webhook_events"("dispatched_at", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "line_webhook_events_tenant_id_webhook_event_id_key" ON "line_webhook_events"("tenant_id", "webhook_event_id");

-- AddForeignKey
ALTER TABLE "line_webhook_events" ADD CONSTRAINT "line_webhook_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
