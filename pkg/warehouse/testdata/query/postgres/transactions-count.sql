SELECT
  "month",
  "country",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS TEXT) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS TEXT) WHEN COUNT(CAST(CASE WHEN CAST("count" AS NUMERIC) BETWEEN 0 AND 9223372036854775807 THEN "count" END AS BIGINT)) < COUNT(*) THEN CAST(MAX("count") AS TEXT) ELSE CAST(SUM(CAST(CASE WHEN CAST("count" AS NUMERIC) BETWEEN 0 AND 9223372036854775807 THEN "count" END AS BIGINT)) AS TEXT) END AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM "day") BETWEEN 1 AND 9999 THEN TO_CHAR(CAST("day" AS TIMESTAMP), 'YYYY-MM') ELSE CAST("day" AS TEXT) END, '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    "purchases" AS "count"
  FROM "daily_sales"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
