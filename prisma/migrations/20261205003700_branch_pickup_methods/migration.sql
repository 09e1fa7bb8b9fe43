-- CreateTable
CREATE TABLE "branch_pickup_methods" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_pickup_methods_pkey" PRIMARY KEY ("tenant_id","branch_id")
);

-- AddForeignKey
ALTER TABLE "branch_pickup_methods" ADD CONSTRAINT "branch_pickup_methods_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
