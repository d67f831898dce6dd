SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN year("happened_at") BETWEEN 1 AND 9999 THEN strftime("happened_at", '%Y-%m') ELSE CAST("happened_at" AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("country" AS VARCHAR), '') AS "country",
    COALESCE(CAST("channel" AS VARCHAR), '') AS "channel",
    COALESCE(CAST("category" AS VARCHAR), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
