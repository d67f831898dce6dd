SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN MIN("count") ELSE SUM("count") END AS "transactions"
FROM (
  SELECT
    COALESCE(TO_CHAR(CAST("day" AS TIMESTAMP), 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    "purchases" AS "count"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
