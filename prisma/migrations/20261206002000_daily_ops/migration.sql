-- CreateTable
CREATE TABLE "branch_item_stock" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT -1,
    "daily_quantity" INTEGER,
    "stock_day" TEXT,
    "max_per_slot" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_item_stock_pkey" PRIMARY KEY ("branch_id","product_id")
);

-- CreateTable
CREATE TABLE "branch_capacity" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "max_orders_per_slot" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_capacity_pkey" PRIMARY KEY ("tenant_id","branch_id")
);

-- CreateTable
CREATE TABLE "branch_item_pauses" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3),
    "paused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "branch_item_pauses_pkey" PRIMARY KEY ("branch_id","product_id")
);

-- CreateTable
CREATE TABLE "branch_choice_pauses" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "choice_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3),
    "paused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "branch_choice_pauses_pkey" PRIMARY KEY ("branch_id","choice_id")
);

-- CreateTable
CREATE TABLE "slot_order_counts" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "slot_start" TIMESTAMPTZ(3) NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "slot_order_counts_pkey" PRIMARY KEY ("branch_id","slot_start")
);

-- CreateTable
CREATE TABLE "slot_item_counts" (
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID NOT NULL,
    "slot_start" TIMESTAMPTZ(3) NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "slot_item_counts_pkey" PRIMARY KEY ("branch_id","slot_start","product_id")
);

-- CreateIndex
CREATE INDEX "branch_item_stock_tenant_id_product_id_idx" ON "branch_item_stock"("tenant_id", "product_id");

-- CreateIndex
CREATE INDEX "branch_item_pauses_tenant_id_product_id_idx" ON "branch_item_pauses"("tenant_id", "product_id");

-- CreateIndex
CREATE INDEX "branch_choice_pauses_tenant_id_choice_id_idx" ON "branch_choice_pauses"("tenant_id", "choice_id");

-- CreateIndex
CREATE INDEX "slot_order_counts_tenant_id_branch_id_idx" ON "slot_order_counts"("tenant_id", "branch_id");

-- CreateIndex
CREATE INDEX "slot_item_counts_tenant_id_product_id_idx" ON "slot_item_counts"("tenant_id", "product_id");

-- AddForeignKey
ALTER TABLE "branch_item_stock" ADD CONSTRAINT "branch_item_stock_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_item_stock" ADD CONSTRAINT "branch_item_stock_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_capacity" ADD CONSTRAINT "branch_capacity_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_item_pauses" ADD CONSTRAINT "branch_item_pauses_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_item_pauses" ADD CONSTRAINT "branch_item_pauses_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_choice_pauses" ADD CONSTRAINT "branch_choice_pauses_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "branch_choice_pauses" ADD CONSTRAINT "branch_choice_pauses_tenant_id_choice_id_fkey" FOREIGN KEY ("tenant_id", "choice_id") REFERENCES "option_choices"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slot_order_counts" ADD CONSTRAINT "slot_order_counts_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slot_item_counts" ADD CONSTRAINT "slot_item_counts_tenant_id_branch_id_fkey" FOREIGN KEY ("tenant_id", "branch_id") REFERENCES "branches"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slot_item_counts" ADD CONSTRAINT "slot_item_counts_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
