SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "transactions"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR(CAST("day" AS TIMESTAMP), 'YYYY-MM BC'), CAST("day" AS VARCHAR)), '') AS "month_text",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    "purchases" AS "count",
    CAST("purchases" AS BIGINT) AS "whole"
  FROM "daily_sales"
) AS "events"
GROUP BY "month_text", "country"
ORDER BY "month_text", "country"
