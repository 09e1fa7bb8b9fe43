-- CreateTable
CREATE TABLE "ubereats_connections" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "store_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_sealed" TEXT NOT NULL,
    "auto_accept" BOOLEAN NOT NULL DEFAULT true,
    "token_sealed" TEXT,
    "token_expires_at" TIMESTAMPTZ(3),
    "token_requests" INTEGER NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ubereats_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ubereats_webhook_events" (
    "id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "connection_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(3),
    "dispatched_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "ubereats_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ubereats_connections_tenant_id_branch_id_key" ON "ubereats_connections"("tenant_id", "branch_id");

-- CreateIndex
CREATE UNIQUE INDEX "ubereats_connections_store_id_key" ON "ubereats_connections"("store_id");

-- CreateIndex
CREATE UNIQUE INDEX "ubereats_webhook_events_event_id_key" ON "ubereats_webhook_events"("event_id");

-- CreateIndex
CREATE INDEX "ubereats_webhook_events_dispatched_at_received_at_idx" ON "ubereats_webhook_events"("dispatched_at", "received_at");

-- CreateIndex
CREATE INDEX "ubereats_webhook_events_tenant_id_resource_id_idx" ON "ubereats_webhook_events"("tenant_id", "resource_id");
