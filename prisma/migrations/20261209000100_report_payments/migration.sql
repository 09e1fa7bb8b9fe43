-- The reports take an order's payment method, and whether its money came, from its payment
-- record (order_payments), which is written after the order in the same transaction and changes
-- on its own (paid, refunded). A rejected order whose money came back is a refund, not a
-- cancellation, the same as a cancelled one.

CREATE OR REPLACE FUNCTION report_revenue_class(status "order_status", was_paid BOOLEAN) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN status = 'pending' THEN 'open'
    WHEN status IN ('cancelled', 'rejected') AND was_paid THEN 'refunded'
    WHEN status IN ('cancelled', 'rejected') THEN 'cancelled'
    ELSE 'sales'
  END
$$;

CREATE OR REPLACE FUNCTION report_fact_of(o orders, was_paid BOOLEAN) RETURNS report_orders
LANGUAGE sql STABLE AS $$
  SELECT ROW(o.id, o.tenant_id, coalesce(o.branch_id, '00000000-0000-0000-0000-000000000000'::uuid),
             report_day(o.created_at), o.status,
             was_paid OR o.status = 'paid' OR coalesce(p.status IN ('paid', 'refunded'), false),
             coalesce(o.pickup_method::text, ''), coalesce(p.method::text, ''),
             o.total, o.delivery_fee)::report_orders
  FROM (SELECT 1) AS one
  LEFT JOIN order_payments p ON p.order_id = o.id AND p.tenant_id = o.tenant_id
$$;

-- Brings one order's fact and the day's rollups in line with the order as it is now.
CREATE FUNCTION report_record(o orders) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  before_fact report_orders;
  after_fact report_orders;
BEGIN
  SELECT * INTO before_fact FROM report_orders WHERE order_id = o.id;
  after_fact := report_fact_of(o, coalesce(before_fact.was_paid, false));
  IF before_fact.order_id IS NOT NULL AND before_fact = after_fact THEN
    RETURN;
  END IF;
  IF before_fact.order_id IS NOT NULL THEN
    PERFORM report_apply_order(before_fact, -1);
  END IF;
  PERFORM report_apply_order(after_fact, 1);
  INSERT INTO report_orders VALUES (after_fact.*)
  ON CONFLICT (order_id) DO UPDATE SET
    tenant_id = excluded.tenant_id, branch_key = excluded.branch_key, day = excluded.day,
    status = excluded.status, was_paid = excluded.was_paid, pickup_key = excluded.pickup_key,
    payment_key = excluded.payment_key, total = excluded.total, delivery_fee = excluded.delivery_fee;
END $$;

CREATE OR REPLACE FUNCTION report_order_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  before_fact report_orders;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT * INTO before_fact FROM report_orders WHERE order_id = OLD.id;
    IF before_fact.order_id IS NOT NULL THEN
      PERFORM report_apply_order(before_fact, -1);
      DELETE FROM report_orders WHERE order_id = OLD.id;
    END IF;
    RETURN OLD;
  END IF;
  PERFORM report_record(NEW);
  RETURN NEW;
END $$;

CREATE FUNCTION report_payment_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  o orders;
BEGIN
  -- A payment deleted with its order finds no order left (its fact went with it).
  SELECT * INTO o FROM orders
  WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.order_id ELSE NEW.order_id END);
  IF o.id IS NOT NULL THEN
    PERFORM report_record(o);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER report_payment_written AFTER INSERT OR UPDATE OF method, status OR DELETE ON "order_payments"
  FOR EACH ROW EXECUTE FUNCTION report_payment_changed();

SELECT report_rebuild(id) FROM tenants;
