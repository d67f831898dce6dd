SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR(("happened_at" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM BC'), CAST(("happened_at" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Stockholm' AS TEXT)), '') AS "month_text",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("channel" AS TEXT), '') AS "channel",
    COALESCE(CAST("category" AS TEXT), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month_text", "country", "channel", "category"
ORDER BY "month_text", "country", "channel", "category"
