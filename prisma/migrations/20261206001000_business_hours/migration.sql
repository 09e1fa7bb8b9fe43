-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "branch_id" UUID,
ADD COLUMN     "wanted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "branch_business_hours" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_business_hours_pkey" PRIMARY KEY ("tenant_id","branch_id")
);

-- CreateIndex
CREATE INDEX "orders_tenant_id_branch_id_wanted_at_idx" ON "orders"("tenant_id", "branch_id", "wanted_at");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_business_hours" ADD CONSTRAINT "branch_business_hours_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
