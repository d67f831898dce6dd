SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR("day") BETWEEN 1 AND 9999 THEN TO_CHAR("day", 'YYYY-MM') ELSE CAST("day" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    "purchases" AS "count",
    CAST(CASE WHEN "purchases" BETWEEN 0 AND 9223372036854775807 THEN "purchases" END AS NUMBER(38,0)) AS "whole"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
