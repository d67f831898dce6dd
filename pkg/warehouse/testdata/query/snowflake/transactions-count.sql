SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN MIN("count") WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) ELSE SUM("count") END AS "transactions"
FROM (
  SELECT
    COALESCE(TO_CHAR("day", 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    "purchases" AS "count"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
