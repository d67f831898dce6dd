SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(TO_CHAR("happened_at", 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("channel" AS VARCHAR), '') AS "channel",
    COALESCE(CAST("category" AS VARCHAR), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
