-- CreateTable
CREATE TABLE "store_profiles" (
    "tenant_id" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "logo_url" TEXT,
    "cover_url" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_profiles_pkey" PRIMARY KEY ("tenant_id")
);

-- AddForeignKey
ALTER TABLE "store_profiles" ADD CONSTRAINT "store_profiles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
