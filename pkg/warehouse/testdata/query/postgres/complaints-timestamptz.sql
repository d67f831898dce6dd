SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(TO_CHAR("happened_at" AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("channel" AS TEXT), '') AS "channel",
    COALESCE(CAST("category" AS TEXT), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
