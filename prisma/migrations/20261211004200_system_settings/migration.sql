-- 系統設定: the admin's default language and 個資保存期限 per shop (NULL: the browser's language; 不自動清除).
ALTER TABLE "tenants" ADD COLUMN "admin_locale" TEXT;
ALTER TABLE "tenants" ADD COLUMN "customer_retention_months" INTEGER;

-- When the nightly retention run anonymized a customer; NULL: never.
ALTER TABLE "customers" ADD COLUMN "anonymized_at" TIMESTAMPTZ(3);
