-- 營運報表 month rollups. A long range sums whole calendar months from these (24 rows a product
-- and branch for two years, not 731) and only the days at its two ends from the day rollups, and
-- the day chart reads per-day totals without the payment and pickup split. They are kept by
-- triggers on the day rollups themselves (which order and item triggers keep), so every change
-- reaches them in the same transaction and they can never disagree with the days.

-- CreateTable
CREATE TABLE "report_monthly_sales" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "status" "order_status" NOT NULL,
    "refunded" BOOLEAN NOT NULL,
    "pickup_key" TEXT NOT NULL,
    "payment_key" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "delivery_fees" INTEGER NOT NULL,

    CONSTRAINT "report_monthly_sales_pkey" PRIMARY KEY ("tenant_id","branch_key","month","status","refunded","pickup_key","payment_key")
);

-- CreateTable
CREATE TABLE "report_daily_totals" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "status" "order_status" NOT NULL,
    "refunded" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "delivery_fees" INTEGER NOT NULL,

    CONSTRAINT "report_daily_totals_pkey" PRIMARY KEY ("tenant_id","branch_key","day","status","refunded")
);

-- CreateTable
CREATE TABLE "report_monthly_items" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "product_code" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "report_monthly_items_pkey" PRIMARY KEY ("tenant_id","branch_key","month","product_id")
);

-- CreateTable
CREATE TABLE "report_monthly_choices" (
    "tenant_id" UUID NOT NULL,
    "branch_key" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "choice_key" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,
    "choice_name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "report_monthly_choices_pkey" PRIMARY KEY ("tenant_id","branch_key","month","product_id","choice_key")
);

-- CreateIndex
CREATE INDEX "report_monthly_sales_tenant_id_month_idx" ON "report_monthly_sales"("tenant_id", "month");

-- CreateIndex
CREATE INDEX "report_daily_totals_tenant_id_day_idx" ON "report_daily_totals"("tenant_id", "day");

-- CreateIndex
CREATE INDEX "report_monthly_items_tenant_id_month_idx" ON "report_monthly_items"("tenant_id", "month");

-- CreateIndex
CREATE INDEX "report_monthly_choices_tenant_id_month_idx" ON "report_monthly_choices"("tenant_id", "month");

-- AddForeignKey
ALTER TABLE "report_monthly_sales" ADD CONSTRAINT "report_monthly_sales_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_daily_totals" ADD CONSTRAINT "report_daily_totals_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_monthly_items" ADD CONSTRAINT "report_monthly_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_monthly_choices" ADD CONSTRAINT "report_monthly_choices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A day row's change (new, old or both) carried into its month and its day total. A removed
-- day row only updates (never inserts): when a whole shop is deleted its month rows may be gone
-- already, and an insert would name a shop that no longer exists.
CREATE FUNCTION report_daily_sales_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE report_monthly_sales m
      SET orders = m.orders - OLD.orders, amount = m.amount - OLD.amount, delivery_fees = m.delivery_fees - OLD.delivery_fees
      WHERE m.tenant_id = OLD.tenant_id AND m.branch_key = OLD.branch_key AND m.month = left(OLD.day, 6)
        AND m.status = OLD.status AND m.refunded = OLD.refunded AND m.pickup_key = OLD.pickup_key
        AND m.payment_key = OLD.payment_key;
    UPDATE report_daily_totals t
      SET orders = t.orders - OLD.orders, amount = t.amount - OLD.amount, delivery_fees = t.delivery_fees - OLD.delivery_fees
      WHERE t.tenant_id = OLD.tenant_id AND t.branch_key = OLD.branch_key AND t.day = OLD.day
        AND t.status = OLD.status AND t.refunded = OLD.refunded;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_monthly_sales AS m
      (tenant_id, branch_key, month, status, refunded, pickup_key, payment_key, orders, amount, delivery_fees)
    VALUES (NEW.tenant_id, NEW.branch_key, left(NEW.day, 6), NEW.status, NEW.refunded, NEW.pickup_key, NEW.payment_key,
            NEW.orders, NEW.amount, NEW.delivery_fees)
    ON CONFLICT (tenant_id, branch_key, month, status, refunded, pickup_key, payment_key) DO UPDATE
      SET orders = m.orders + excluded.orders, amount = m.amount + excluded.amount,
          delivery_fees = m.delivery_fees + excluded.delivery_fees;
    INSERT INTO report_daily_totals AS t (tenant_id, branch_key, day, status, refunded, orders, amount, delivery_fees)
    VALUES (NEW.tenant_id, NEW.branch_key, NEW.day, NEW.status, NEW.refunded, NEW.orders, NEW.amount, NEW.delivery_fees)
    ON CONFLICT (tenant_id, branch_key, day, status, refunded) DO UPDATE
      SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount,
          delivery_fees = t.delivery_fees + excluded.delivery_fees;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_daily_item_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE report_monthly_items m
      SET quantity = m.quantity - OLD.quantity, amount = m.amount - OLD.amount
      WHERE m.tenant_id = OLD.tenant_id AND m.branch_key = OLD.branch_key AND m.month = left(OLD.day, 6)
        AND m.product_id = OLD.product_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_monthly_items AS m
      (tenant_id, branch_key, month, product_id, product_code, product_name, quantity, amount)
    VALUES (NEW.tenant_id, NEW.branch_key, left(NEW.day, 6), NEW.product_id, NEW.product_code, NEW.product_name,
            NEW.quantity, NEW.amount)
    ON CONFLICT (tenant_id, branch_key, month, product_id) DO UPDATE
      SET quantity = m.quantity + excluded.quantity, amount = m.amount + excluded.amount,
          product_code = excluded.product_code, product_name = excluded.product_name;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_daily_choice_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE report_monthly_choices m
      SET quantity = m.quantity - OLD.quantity, amount = m.amount - OLD.amount
      WHERE m.tenant_id = OLD.tenant_id AND m.branch_key = OLD.branch_key AND m.month = left(OLD.day, 6)
        AND m.product_id = OLD.product_id AND m.choice_key = OLD.choice_key;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_monthly_choices AS m
      (tenant_id, branch_key, month, product_id, choice_key, group_name, choice_name, quantity, amount)
    VALUES (NEW.tenant_id, NEW.branch_key, left(NEW.day, 6), NEW.product_id, NEW.choice_key, NEW.group_name,
            NEW.choice_name, NEW.quantity, NEW.amount)
    ON CONFLICT (tenant_id, branch_key, month, product_id, choice_key) DO UPDATE
      SET quantity = m.quantity + excluded.quantity, amount = m.amount + excluded.amount,
          group_name = excluded.group_name, choice_name = excluded.choice_name;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER report_daily_sales_written AFTER INSERT OR UPDATE OR DELETE ON "report_daily_sales"
  FOR EACH ROW EXECUTE FUNCTION report_daily_sales_changed();
CREATE TRIGGER report_daily_item_written AFTER INSERT OR UPDATE OR DELETE ON "report_daily_items"
  FOR EACH ROW EXECUTE FUNCTION report_daily_item_changed();
CREATE TRIGGER report_daily_choice_written AFTER INSERT OR UPDATE OR DELETE ON "report_daily_choices"
  FOR EACH ROW EXECUTE FUNCTION report_daily_choice_changed();

-- The months and day totals of the days there already.
INSERT INTO report_monthly_sales (tenant_id, branch_key, month, status, refunded, pickup_key, payment_key, orders, amount, delivery_fees)
SELECT tenant_id, branch_key, left(day, 6), status, refunded, pickup_key, payment_key, sum(orders), sum(amount), sum(delivery_fees)
FROM report_daily_sales GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO report_daily_totals (tenant_id, branch_key, day, status, refunded, orders, amount, delivery_fees)
SELECT tenant_id, branch_key, day, status, refunded, sum(orders), sum(amount), sum(delivery_fees)
FROM report_daily_sales GROUP BY 1, 2, 3, 4, 5;

INSERT INTO report_monthly_items (tenant_id, branch_key, month, product_id, product_code, product_name, quantity, amount)
SELECT tenant_id, branch_key, left(day, 6), product_id, (array_agg(product_code ORDER BY day DESC))[1],
       (array_agg(product_name ORDER BY day DESC))[1], sum(quantity), sum(amount)
FROM report_daily_items GROUP BY 1, 2, 3, 4;

INSERT INTO report_monthly_choices (tenant_id, branch_key, month, product_id, choice_key, group_name, choice_name, quantity, amount)
SELECT tenant_id, branch_key, left(day, 6), product_id, choice_key, (array_agg(group_name ORDER BY day DESC))[1],
       (array_agg(choice_name ORDER BY day DESC))[1], sum(quantity), sum(amount)
FROM report_daily_choices GROUP BY 1, 2, 3, 4, 5;
