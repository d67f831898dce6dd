SELECT
  "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(CASE WHEN year("happened_at") BETWEEN 1 AND 9999 THEN strftime("happened_at", '%Y-%m') ELSE CAST("happened_at" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("score" AS VARCHAR), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
