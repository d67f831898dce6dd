SELECT
  "month",
  "country",
  "channel",
  "category",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN EXTRACT(YEAR FROM "happened_at") BETWEEN 1 AND 9999 THEN TO_CHAR(CAST("happened_at" AS TIMESTAMP), 'YYYY-MM') ELSE CAST("happened_at" AS TEXT) END, '') AS "month",
    COALESCE(CAST("country" AS TEXT), '') AS "country",
    COALESCE(CAST("channel" AS TEXT), '') AS "channel",
    COALESCE(CAST("category" AS TEXT), '') AS "category"
  FROM "analytics"."complaints"
) AS "events"
GROUP BY "month", "country", "channel", "category"
ORDER BY "month", "country", "channel", "category"
