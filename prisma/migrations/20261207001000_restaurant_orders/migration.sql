-- AlterEnum
ALTER TYPE "order_status" ADD VALUE 'accepted';
ALTER TYPE "order_status" ADD VALUE 'preparing';
ALTER TYPE "order_status" ADD VALUE 'ready';
ALTER TYPE "order_status" ADD VALUE 'completed';
ALTER TYPE "order_status" ADD VALUE 'rejected';

-- CreateEnum
CREATE TYPE "pickup_method" AS ENUM ('pickup', 'delivery', 'dine_in');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "pickup_method" "pickup_method",
ADD COLUMN     "pickup_number" TEXT,
ADD COLUMN     "table_label" TEXT,
ADD COLUMN     "delivery_address" TEXT,
ADD COLUMN     "delivery_lat" DOUBLE PRECISION,
ADD COLUMN     "delivery_lng" DOUBLE PRECISION,
ADD COLUMN     "delivery_zone" TEXT,
ADD COLUMN     "delivery_fee" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "customer_note" TEXT,
ADD COLUMN     "contact_name" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "reject_reason" TEXT,
ADD COLUMN     "cancel_reason" TEXT,
ADD COLUMN     "accept_by" TIMESTAMPTZ(3),
ADD COLUMN     "prepare_at" TIMESTAMPTZ(3),
ADD COLUMN     "stock_day" TEXT;

-- AlterTable
ALTER TABLE "order_items" ADD COLUMN     "choices" JSONB,
ADD COLUMN     "note" TEXT;

-- CreateTable
CREATE TABLE "pickup_number_sequences" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "pickup_number_sequences_pkey" PRIMARY KEY ("branch_id","day")
);

-- CreateTable
CREATE TABLE "branch_order_handling" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "accept_within_minutes" INTEGER NOT NULL,
    "remind_after_minutes" INTEGER NOT NULL,
    "auto_accept" BOOLEAN NOT NULL,
    "pickup_reminder_minutes" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_order_handling_pkey" PRIMARY KEY ("tenant_id","branch_id")
);

-- CreateIndex
CREATE INDEX "orders_tenant_id_branch_id_status_created_at_idx" ON "orders"("tenant_id", "branch_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "pickup_number_sequences_tenant_id_branch_id_idx" ON "pickup_number_sequences"("tenant_id", "branch_id");

-- AddForeignKey
ALTER TABLE "pickup_number_sequences" ADD CONSTRAINT "pickup_number_sequences_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_order_handling" ADD CONSTRAINT "branch_order_handling_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
