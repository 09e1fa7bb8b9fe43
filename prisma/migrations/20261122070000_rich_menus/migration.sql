-- CreateTable
CREATE TABLE "line_rich_menus" (
    "tenant_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "customer_menu_id" TEXT,
    "staff_customer_menu_id" TEXT,
    "admin_menu_id" TEXT,
    "linked_staff" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "line_rich_menus_pkey" PRIMARY KEY ("tenant_id")
);

-- AddForeignKey
ALTER TABLE "line_rich_menus" ADD CONSTRAINT "line_rich_menus_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
