SELECT
  "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(TO_CHAR(CONVERT_TIMEZONE('UTC', 'Europe/Stockholm', "happened_at"), 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("score" AS VARCHAR), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
