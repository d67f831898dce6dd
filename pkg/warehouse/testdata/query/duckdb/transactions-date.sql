SELECT
  "month",
  "country",
  COUNT(*) AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN year("happened_at") BETWEEN 1 AND 9999 THEN strftime("happened_at", '%Y-%m') ELSE CAST("happened_at" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country"
  FROM "analytics"."transactions"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
