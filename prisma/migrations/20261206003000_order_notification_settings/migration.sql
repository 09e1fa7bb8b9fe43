-- CreateTable
CREATE TABLE "order_notification_settings" (
    "tenant_id" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "smtp_password_enc" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_notification_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "tenant_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("tenant_id","key")
);

-- AddForeignKey
ALTER TABLE "order_notification_settings" ADD CONSTRAINT "order_notification_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The shop-wide new-order switch becomes the new settings' 新訂單 event (the rest default).
INSERT INTO "order_notification_settings" ("tenant_id", "settings", "updated_at")
SELECT "id", '{"newOrder": true}'::jsonb, CURRENT_TIMESTAMP FROM "tenants" WHERE "notify_new_orders";

-- AlterTable
ALTER TABLE "tenants" DROP COLUMN "notify_new_orders";
