SELECT
  "month",
  "country",
  COUNT(*) AS "transactions"
FROM (
  SELECT
    COALESCE(TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country"
  FROM "analytics"."transactions"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
