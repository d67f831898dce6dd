SELECT
  "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("score" AS TEXT), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
