-- AlterTable
ALTER TABLE "staff" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3),
ADD COLUMN     "job_title" TEXT,
ADD COLUMN     "pin_hash" TEXT;

-- CreateTable
CREATE TABLE "attendance_shifts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "clock_in_at" TIMESTAMPTZ(3) NOT NULL,
    "clock_out_at" TIMESTAMPTZ(3),
    "in_via" TEXT NOT NULL,
    "out_via" TEXT,
    "in_event_id" TEXT,
    "out_event_id" TEXT,
    "in_distance_m" INTEGER,
    "out_distance_m" INTEGER,
    "branch_id" UUID,
    "corrected_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attendance_shifts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop_devices" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_id" UUID,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "shop_devices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "attendance_shifts_in_event_id_key" ON "attendance_shifts"("in_event_id");

-- CreateIndex
CREATE UNIQUE INDEX "attendance_shifts_out_event_id_key" ON "attendance_shifts"("out_event_id");

-- CreateIndex
CREATE INDEX "attendance_shifts_tenant_id_clock_in_at_idx" ON "attendance_shifts"("tenant_id", "clock_in_at");

-- CreateIndex
CREATE INDEX "attendance_shifts_tenant_id_staff_id_clock_in_at_idx" ON "attendance_shifts"("tenant_id", "staff_id", "clock_in_at");

-- CreateIndex
CREATE UNIQUE INDEX "shop_devices_token_hash_key" ON "shop_devices"("token_hash");

-- CreateIndex
CREATE INDEX "shop_devices_tenant_id_idx" ON "shop_devices"("tenant_id");

-- AddForeignKey
ALTER TABLE "attendance_shifts" ADD CONSTRAINT "attendance_shifts_tenant_id_staff_id_fkey" FOREIGN KEY ("tenant_id", "staff_id") REFERENCES "staff"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_devices" ADD CONSTRAINT "shop_devices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
