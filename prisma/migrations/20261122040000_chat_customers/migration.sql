-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "blocked_at" TIMESTAMPTZ(3),
ADD COLUMN     "followed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "welcome_message" TEXT;
