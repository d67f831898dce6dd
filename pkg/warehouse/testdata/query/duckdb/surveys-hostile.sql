SELECT
  "month",
  "country",
  "score",
  CASE WHEN COUNT("count") < COUNT(*) THEN NULL WHEN MIN("count") < 0 THEN MIN("count") WHEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) IS NOT NULL THEN MIN(CASE WHEN "count" <> FLOOR("count") THEN "count" END) ELSE SUM("count") END AS "responses"
FROM (
  SELECT
    COALESCE(strftime("we""ird`; x.y'\" AT TIME ZONE 'Europe/Stockholm', '%Y-%m'), '') AS "month",
    COALESCE(CAST("land.kod" AS VARCHAR), '') AS "country",
    COALESCE(CAST("betyg; DROP TABLE x" AS VARCHAR), '') AS "score",
    "n""" AS "count"
  FROM "sch""ema"."ta`ble;"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
