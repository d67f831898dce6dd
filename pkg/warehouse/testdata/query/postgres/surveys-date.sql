SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  "score",
  COUNT(*) AS "responses"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR(CAST("happened_at" AS TIMESTAMP), 'YYYY-MM BC'), CAST("happened_at" AS TEXT)), '') AS "month_text",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("score" AS TEXT), '') AS "score"
  FROM "analytics"."surveys"
) AS "events"
GROUP BY "month_text", "country", "score"
ORDER BY "month_text", "country", "score"
