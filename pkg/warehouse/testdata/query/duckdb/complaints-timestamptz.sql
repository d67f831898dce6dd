SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(strftime("happened_at" AT TIME ZONE 'Europe/Stockholm', '%Y-%m'), '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("channel" AS VARCHAR), '') AS "channel",
    COALESCE(CAST("category" AS VARCHAR), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
