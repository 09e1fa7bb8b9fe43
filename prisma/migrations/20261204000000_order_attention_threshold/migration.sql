-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "attention_after_minutes" INTEGER NOT NULL DEFAULT 10;
