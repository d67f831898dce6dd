SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS TEXT) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS TEXT) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS TEXT) ELSE CAST(SUM("whole") AS TEXT) END AS "transactions"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR(CAST("day" AS TIMESTAMP), 'YYYY-MM BC'), CAST("day" AS TEXT)), '') AS "month_text",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    "purchases" AS "count",
    CAST("purchases" AS BIGINT) AS "whole"
  FROM "daily_sales"
) AS "events"
GROUP BY "month_text", "country"
ORDER BY "month_text", "country"
