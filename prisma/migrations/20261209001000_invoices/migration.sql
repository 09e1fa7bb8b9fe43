-- CreateTable
CREATE TABLE "invoice_settings" (
    "tenant_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "merchant_id" TEXT NOT NULL,
    "hash_key_sealed" TEXT NOT NULL,
    "hash_iv_sealed" TEXT NOT NULL,
    "issue_on" TEXT NOT NULL DEFAULT 'payment',
    "default_love_code" TEXT NOT NULL DEFAULT '',
    "checked_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "invoice_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "order_invoices" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "recipient" JSONB NOT NULL,
    "relate_number" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "invoice_no" TEXT,
    "invoice_date" TEXT,
    "random_number" TEXT,
    "amount" INTEGER NOT NULL DEFAULT 0,
    "issued_at" TIMESTAMPTZ(3),
    "allowance_no" TEXT,
    "problem" TEXT,
    "workflow_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_invoices_order_id_key" ON "order_invoices"("order_id");

-- CreateIndex
CREATE INDEX "order_invoices_tenant_id_created_at_idx" ON "order_invoices"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "order_invoices_tenant_id_invoice_no_idx" ON "order_invoices"("tenant_id", "invoice_no");

-- CreateIndex
CREATE INDEX "order_invoices_tenant_id_status_idx" ON "order_invoices"("tenant_id", "status");

-- AddForeignKey
ALTER TABLE "invoice_settings" ADD CONSTRAINT "invoice_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_invoices" ADD CONSTRAINT "order_invoices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_invoices" ADD CONSTRAINT "order_invoices_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
