SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  "score",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "responses"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM BC'), CAST("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm' AS VARCHAR)), '') AS "month_text",
    COALESCE(CAST("land.kod" AS VARCHAR), '') AS "country",
    COALESCE(CAST("betyg; DROP TABLE x" AS VARCHAR), '') AS "score",
    "n""" AS "count",
    CAST("n""" AS BIGINT) AS "whole"
  FROM "sch""ema"."ta`ble;"
) AS "events"
GROUP BY "month_text", "country", "score"
ORDER BY "month_text", "country", "score"
