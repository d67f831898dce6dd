SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM "happened_at" AT TIME ZONE 'Europe/Stockholm') BETWEEN 1 AND 9999 THEN TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') ELSE CAST("happened_at" AT TIME ZONE 'Europe/Stockholm' AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("channel" AS VARCHAR), '') AS "channel",
    COALESCE(CAST("category" AS VARCHAR), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
