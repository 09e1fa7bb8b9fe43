-- 營運報表 rollups. Reports read these small per-day tables instead of scanning orders; they are
-- kept by triggers in the same transaction as every change to orders and order_items, so they
-- can never disagree with the orders and no workflow or activity has to remember to update them.

-- CreateTable
CREATE TABLE "report_orders" (
    "order_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "status" "order_status" NOT NULL,
    "was_paid" BOOLEAN NOT NULL,
    "pickup_key" TEXT NOT NULL,
    "payment_key" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "delivery_fee" INTEGER NOT NULL,

    CONSTRAINT "report_orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "report_daily_sales" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "status" "order_status" NOT NULL,
    "refunded" BOOLEAN NOT NULL,
    "pickup_key" TEXT NOT NULL,
    "payment_key" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "delivery_fees" INTEGER NOT NULL,

    CONSTRAINT "report_daily_sales_pkey" PRIMARY KEY ("tenant_id","branch_key","day","status","refunded","pickup_key","payment_key")
);

-- CreateTable
CREATE TABLE "report_daily_items" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "product_code" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "report_daily_items_pkey" PRIMARY KEY ("tenant_id","branch_key","day","product_id")
);

-- CreateTable
CREATE TABLE "report_daily_choices" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "choice_key" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,
    "choice_name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "report_daily_choices_pkey" PRIMARY KEY ("tenant_id","branch_key","day","product_id","choice_key")
);

-- CreateIndex
CREATE INDEX "report_daily_sales_tenant_id_day_idx" ON "report_daily_sales"("tenant_id", "day");

-- CreateIndex
CREATE INDEX "report_daily_items_tenant_id_day_idx" ON "report_daily_items"("tenant_id", "day");

-- CreateIndex
CREATE INDEX "report_daily_choices_tenant_id_day_idx" ON "report_daily_choices"("tenant_id", "day");

-- AddForeignKey
ALTER TABLE "report_orders" ADD CONSTRAINT "report_orders_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_daily_sales" ADD CONSTRAINT "report_daily_sales_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_daily_items" ADD CONSTRAINT "report_daily_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_daily_choices" ADD CONSTRAINT "report_daily_choices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Which orders earn money (domain/insights/revenue-class.ts, a test keeps the two equal):
-- pending has not been bought yet, cancelled and rejected never were, and a cancelled order that
-- had been paid is a refund.
CREATE FUNCTION report_revenue_class(status "order_status", was_paid BOOLEAN) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN status = 'pending' THEN 'open'
    WHEN status = 'cancelled' AND was_paid THEN 'refunded'
    WHEN status IN ('cancelled', 'rejected') THEN 'cancelled'
    ELSE 'sales'
  END
$$;

-- The Taipei business day of an instant, YYYYMMDD (domain/taipei-time.ts taipeiDayKey).
CREATE FUNCTION report_day(at TIMESTAMPTZ) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(at AT TIME ZONE 'Asia/Taipei', 'YYYYMMDD') $$;

-- Adds (sign 1) or takes away (sign -1) one order line's quantity and amount, with its options.
CREATE FUNCTION report_apply_item(f report_orders, i order_items, sign INTEGER) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  choice JSONB;
BEGIN
  IF report_revenue_class(f.status, f.was_paid) <> 'sales' OR i.allocated_quantity = 0 THEN
    RETURN;
  END IF;
  INSERT INTO report_daily_items AS d (tenant_id, branch_key, day, product_id, product_code, product_name, quantity, amount)
  VALUES (f.tenant_id, f.branch_key, f.day, i.product_id, i.product_code, i.product_name,
          sign * i.allocated_quantity, sign * i.allocated_quantity * i.unit_price)
  ON CONFLICT (tenant_id, branch_key, day, product_id) DO UPDATE
    SET quantity = d.quantity + excluded.quantity, amount = d.amount + excluded.amount,
        product_code = excluded.product_code, product_name = excluded.product_name;
  IF jsonb_typeof(i.choices) = 'array' THEN
    FOR choice IN SELECT * FROM jsonb_array_elements(i.choices) LOOP
      INSERT INTO report_daily_choices AS d
        (tenant_id, branch_key, day, product_id, choice_key, group_name, choice_name, quantity, amount)
      VALUES (f.tenant_id, f.branch_key, f.day, i.product_id,
              coalesce(choice->>'choiceId', choice->>'name', ''),
              coalesce(choice->>'groupName', ''), coalesce(choice->>'name', ''),
              sign * i.allocated_quantity,
              sign * i.allocated_quantity * coalesce((choice->>'priceDelta')::INTEGER, 0))
      ON CONFLICT (tenant_id, branch_key, day, product_id, choice_key) DO UPDATE
        SET quantity = d.quantity + excluded.quantity, amount = d.amount + excluded.amount,
            group_name = excluded.group_name, choice_name = excluded.choice_name;
    END LOOP;
  END IF;
END $$;

-- Adds or takes away one order: its line in the day's sales and, when it earns, its items.
CREATE FUNCTION report_apply_order(f report_orders, sign INTEGER) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  item order_items;
BEGIN
  INSERT INTO report_daily_sales AS d
    (tenant_id, branch_key, day, status, refunded, pickup_key, payment_key, orders, amount, delivery_fees)
  VALUES (f.tenant_id, f.branch_key, f.day, f.status, report_revenue_class(f.status, f.was_paid) = 'refunded',
          f.pickup_key, f.payment_key, sign, sign * f.total, sign * f.delivery_fee)
  ON CONFLICT (tenant_id, branch_key, day, status, refunded, pickup_key, payment_key) DO UPDATE
    SET orders = d.orders + excluded.orders, amount = d.amount + excluded.amount,
        delivery_fees = d.delivery_fees + excluded.delivery_fees;
  FOR item IN SELECT * FROM order_items WHERE order_id = f.order_id AND tenant_id = f.tenant_id LOOP
    PERFORM report_apply_item(f, item, sign);
  END LOOP;
END $$;

-- The order as the reports see it. The payment method is read by name so that it fills in as
-- soon as orders carry one, without this function changing.
CREATE FUNCTION report_fact_of(o orders, was_paid BOOLEAN) RETURNS report_orders
LANGUAGE sql STABLE AS $$
  SELECT ROW(o.id, o.tenant_id, coalesce(o.branch_id, '00000000-0000-0000-0000-000000000000'::uuid),
             report_day(o.created_at), o.status, was_paid OR o.status = 'paid',
             coalesce(o.pickup_method::text, ''), coalesce(to_jsonb(o)->>'payment_method', ''),
             o.total, o.delivery_fee)::report_orders
$$;

CREATE FUNCTION report_order_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  before_fact report_orders;
  after_fact report_orders;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT * INTO before_fact FROM report_orders WHERE order_id = OLD.id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF before_fact.order_id IS NOT NULL THEN
      PERFORM report_apply_order(before_fact, -1);
      DELETE FROM report_orders WHERE order_id = OLD.id;
    END IF;
    RETURN OLD;
  END IF;
  after_fact := report_fact_of(NEW, coalesce(before_fact.was_paid, false));
  IF before_fact.order_id IS NOT NULL AND before_fact = after_fact THEN
    RETURN NEW;
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
  RETURN NEW;
END $$;

CREATE FUNCTION report_item_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  fact report_orders;
BEGIN
  SELECT * INTO fact FROM report_orders
  WHERE order_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.order_id ELSE NEW.order_id END);
  IF fact.order_id IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_apply_item(fact, OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_apply_item(fact, NEW, 1);
  END IF;
  RETURN NULL;
END $$;

-- BEFORE DELETE: the order's items are still there to be taken away (their cascade comes later
-- and then finds no fact to change).
CREATE TRIGGER report_order_deleted BEFORE DELETE ON "orders"
  FOR EACH ROW EXECUTE FUNCTION report_order_changed();
CREATE TRIGGER report_order_written AFTER INSERT OR UPDATE ON "orders"
  FOR EACH ROW EXECUTE FUNCTION report_order_changed();
CREATE TRIGGER report_item_written AFTER INSERT OR UPDATE OR DELETE ON "order_items"
  FOR EACH ROW EXECUTE FUNCTION report_item_changed();

-- Builds one shop's rollups afresh from its orders (here for the orders there already, and for
-- bulk loads that ran without triggers). A cancelled order counts as a refund when its history
-- says it had been paid.
CREATE FUNCTION report_rebuild(tenant UUID) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_daily_choices WHERE tenant_id = tenant;
  DELETE FROM report_daily_items WHERE tenant_id = tenant;
  DELETE FROM report_daily_sales WHERE tenant_id = tenant;
  DELETE FROM report_orders WHERE tenant_id = tenant;

  INSERT INTO report_orders
  SELECT f.*
  FROM orders o
  CROSS JOIN LATERAL report_fact_of(o, o.id IN (
    SELECT e.order_id FROM order_events e WHERE e.tenant_id = tenant AND e.to_status = 'paid')) f
  WHERE o.tenant_id = tenant;

  INSERT INTO report_daily_sales (tenant_id, branch_key, day, status, refunded, pickup_key, payment_key, orders, amount, delivery_fees)
  SELECT tenant_id, branch_key, day, status, report_revenue_class(status, was_paid) = 'refunded', pickup_key, payment_key,
         count(*), sum(total), sum(delivery_fee)
  FROM report_orders WHERE tenant_id = tenant GROUP BY 1, 2, 3, 4, 5, 6, 7;

  INSERT INTO report_daily_items (tenant_id, branch_key, day, product_id, product_code, product_name, quantity, amount)
  SELECT f.tenant_id, f.branch_key, f.day, i.product_id,
         (array_agg(i.product_code ORDER BY f.order_id DESC))[1], (array_agg(i.product_name ORDER BY f.order_id DESC))[1],
         sum(i.allocated_quantity), sum(i.allocated_quantity * i.unit_price)
  FROM report_orders f JOIN order_items i ON i.order_id = f.order_id AND i.tenant_id = f.tenant_id
  WHERE f.tenant_id = tenant AND report_revenue_class(f.status, f.was_paid) = 'sales' AND i.allocated_quantity <> 0
  GROUP BY 1, 2, 3, 4;

  INSERT INTO report_daily_choices (tenant_id, branch_key, day, product_id, choice_key, group_name, choice_name, quantity, amount)
  SELECT f.tenant_id, f.branch_key, f.day, i.product_id, coalesce(c->>'choiceId', c->>'name', ''),
         max(coalesce(c->>'groupName', '')), max(coalesce(c->>'name', '')),
         sum(i.allocated_quantity), sum(i.allocated_quantity * coalesce((c->>'priceDelta')::INTEGER, 0))
  FROM report_orders f JOIN order_items i ON i.order_id = f.order_id AND i.tenant_id = f.tenant_id
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(i.choices) = 'array' THEN i.choices ELSE '[]' END) c
  WHERE f.tenant_id = tenant AND report_revenue_class(f.status, f.was_paid) = 'sales' AND i.allocated_quantity <> 0
  GROUP BY 1, 2, 3, 4, 5;
END $$;

SELECT report_rebuild(id) FROM tenants;
