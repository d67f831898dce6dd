SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT(CAST(CASE WHEN "count" BETWEEN 0 AND 9223372036854775807 THEN "count" END AS NUMBER(38,0))) < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM(CAST(CASE WHEN "count" BETWEEN 0 AND 9223372036854775807 THEN "count" END AS NUMBER(38,0))) AS VARCHAR) END AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR("day") BETWEEN 1 AND 9999 THEN TO_CHAR("day", 'YYYY-MM') ELSE CAST("day" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    "purchases" AS "count"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
