SELECT
  "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM "happened_at") BETWEEN 1 AND 9999 THEN TO_CHAR(CAST("happened_at" AS TIMESTAMP), 'YYYY-MM') ELSE CAST("happened_at" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("score" AS VARCHAR), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month", "country", "score"
ORDER BY "month", "country", "score"
