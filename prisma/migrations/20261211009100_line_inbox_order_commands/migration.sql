-- Marks the stored events that are "+1" lane commands, so that a dispatcher can see which
-- unplaced events of a shop, held by another server, were typed before its own.
ALTER TABLE "line_webhook_events" ADD COLUMN "order_command" BOOLEAN NOT NULL DEFAULT false;
