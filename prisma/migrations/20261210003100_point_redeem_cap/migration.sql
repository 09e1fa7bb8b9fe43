-- 點數規則設定: besides a share of the order, a cap in NT$ on what points may pay per order (NULL: none).
ALTER TABLE "member_point_rules" ADD COLUMN "max_redeem_amount" INTEGER;
