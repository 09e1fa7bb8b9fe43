-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "source_message_id" TEXT;

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "reservation_hold_minutes" INTEGER NOT NULL DEFAULT 1440;

-- CreateIndex
CREATE UNIQUE INDEX "orders_tenant_id_source_message_id_key" ON "orders"("tenant_id", "source_message_id");
