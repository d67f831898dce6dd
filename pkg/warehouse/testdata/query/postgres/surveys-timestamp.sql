SELECT
  "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM ("happened_at" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Stockholm') BETWEEN 1 AND 9999 THEN TO_CHAR(("happened_at" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') ELSE CAST(("happened_at" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Stockholm' AS TEXT) END, '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("score" AS TEXT), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
