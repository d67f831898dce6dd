SELECT
  "month",
  "country",
  COUNT(*) AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM "happened_at" AT TIME ZONE 'Europe/Stockholm') BETWEEN 1 AND 9999 THEN TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') ELSE CAST("happened_at" AT TIME ZONE 'Europe/Stockholm' AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country"
  FROM "analytics"."transactions"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
