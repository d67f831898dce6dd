SELECT
  "month",
  "country",
  "score",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN CAST(MIN("count") AS VARCHAR) WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN CAST(MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) AS VARCHAR) WHEN COUNT("whole") < COUNT(*) THEN CAST(MAX("count") AS VARCHAR) ELSE CAST(SUM("whole") AS VARCHAR) END AS "responses"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR(CONVERT_TIMEZONE('Europe/Stockholm', "we""ird`; x.y'\")) BETWEEN 1 AND 9999 THEN TO_CHAR(CONVERT_TIMEZONE('Europe/Stockholm', "we""ird`; x.y'\"), 'YYYY-MM') ELSE CAST(CONVERT_TIMEZONE('Europe/Stockholm', "we""ird`; x.y'\") AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("land.kod" AS VARCHAR), '') AS "country",
    COALESCE(CAST("betyg; DROP TABLE x" AS VARCHAR), '') AS "score",
    "n""" AS "count",
    CAST(CASE WHEN "n""" BETWEEN 0 AND 9223372036854775807 THEN "n""" END AS NUMBER(38,0)) AS "whole"
  FROM "sch""ema"."ta`ble;"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
