SELECT
  "month",
  "country",
  "score",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "responses"
FROM (
  SELECT
    COALESCE(CASE WHEN year("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm') BETWEEN 1 AND 9999 THEN strftime("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm', '%Y-%m') ELSE CAST("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm' AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("land.kod" AS VARCHAR), '') AS "country",
    COALESCE(CAST("betyg; DROP TABLE x" AS VARCHAR), '') AS "score",
    "n""" AS "count",
    TRY_CAST("n""" AS BIGINT) AS "whole"
  FROM "sch""ema"."ta`ble;"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
