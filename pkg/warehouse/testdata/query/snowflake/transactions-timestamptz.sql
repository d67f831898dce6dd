SELECT
  "month",
  "country",
  COUNT(*) AS "transactions"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR(CONVERT_TIMEZONE('Europe/Stockholm', "happened_at")) BETWEEN 1 AND 9999 THEN TO_CHAR(CONVERT_TIMEZONE('Europe/Stockholm', "happened_at"), 'YYYY-MM') ELSE CAST(CONVERT_TIMEZONE('Europe/Stockholm', "happened_at") AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country"
  FROM "analytics"."transactions"
) AS "events"
GROUP BY "month", "country"
ORDER BY "month", "country"
