SELECT
  "month",
  "channel",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(TO_CHAR(CONVERT_TIMEZONE('America/New_York', 'Europe/Stockholm', "opened"), 'YYYY-MM'), '') AS "month",
    COALESCE(CAST("source" AS VARCHAR), '') AS "channel"
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS "source"
) AS "events"
GROUP BY "month", "channel"
ORDER BY "month", "channel"
