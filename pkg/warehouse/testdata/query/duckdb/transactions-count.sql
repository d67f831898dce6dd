SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN year("day") BETWEEN 1 AND 9999 THEN strftime("day", '%Y-%m') ELSE CAST("day" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    "purchases" AS "count",
    TRY_CAST("purchases" AS BIGINT) AS "whole"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
