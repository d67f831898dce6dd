SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  COUNT(*) AS "transactions"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM BC'), CAST("happened_at" AT TIME ZONE 'Europe/Stockholm' AS TEXT)), '') AS "month_text",
    COALESCE(CAST("country" AS TEXT), '') AS "country"
  FROM "analytics"."transactions"
) AS "events"
GROUP BY "month_text", "country"
ORDER BY "month_text", "country"
