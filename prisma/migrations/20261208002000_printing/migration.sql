-- CreateTable
CREATE TABLE "printers" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "methods" TEXT[],
    "copies" INTEGER NOT NULL DEFAULT 1,
    "category_ids" UUID[],
    "last_poll_at" TIMESTAMPTZ(3),
    "last_status" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "printers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_jobs" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "printer_id" UUID NOT NULL,
    "order_id" UUID,
    "request_key" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "workflow_id" TEXT,
    "document" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "fail_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fetched_at" TIMESTAMPTZ(3),
    "printed_at" TIMESTAMPTZ(3),

    CONSTRAINT "print_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_settings" (
    "tenant_id" UUID NOT NULL,
    "auto_accept_after_print" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "print_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "printers_mac_key" ON "printers"("mac");

-- CreateIndex
CREATE INDEX "printers_tenant_id_branch_id_idx" ON "printers"("tenant_id", "branch_id");

-- CreateIndex
CREATE UNIQUE INDEX "printers_tenant_id_id_key" ON "printers"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "print_jobs_request_key_key" ON "print_jobs"("request_key");

-- CreateIndex
CREATE UNIQUE INDEX "print_jobs_token_key" ON "print_jobs"("token");

-- CreateIndex
CREATE INDEX "print_jobs_printer_id_status_created_at_idx" ON "print_jobs"("printer_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "print_jobs_tenant_id_order_id_idx" ON "print_jobs"("tenant_id", "order_id");

-- AddForeignKey
ALTER TABLE "printers" ADD CONSTRAINT "printers_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_tenant_id_printer_id_fkey" FOREIGN KEY ("tenant_id", "printer_id") REFERENCES "printers"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "print_settings" ADD CONSTRAINT "print_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
