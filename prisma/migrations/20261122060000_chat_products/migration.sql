-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "notify_new_orders" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "awaiting_details" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "line_binding_codes" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "line_binding_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_product_photos" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "image_set_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_product_photos_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "line_binding_codes_staff_id_key" ON "line_binding_codes"("staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "line_binding_codes_tenant_id_code_hash_key" ON "line_binding_codes"("tenant_id", "code_hash");

-- CreateIndex
CREATE INDEX "chat_product_photos_product_id_idx" ON "chat_product_photos"("product_id");

-- CreateIndex
CREATE INDEX "chat_product_photos_tenant_id_image_set_id_idx" ON "chat_product_photos"("tenant_id", "image_set_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_product_photos_tenant_id_message_id_key" ON "chat_product_photos"("tenant_id", "message_id");

-- AddForeignKey
ALTER TABLE "line_binding_codes" ADD CONSTRAINT "line_binding_codes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "line_binding_codes" ADD CONSTRAINT "line_binding_codes_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_product_photos" ADD CONSTRAINT "chat_product_photos_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_product_photos" ADD CONSTRAINT "chat_product_photos_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
