-- AlterTable
ALTER TABLE "line_webhook_events" ADD COLUMN     "answer_delivery" TEXT,
ADD COLUMN     "answered_at" TIMESTAMPTZ(3),
ADD COLUMN     "order_outcome" JSONB,
ADD COLUMN     "reply_attempted_at" TIMESTAMPTZ(3);
