SELECT
  "month",
  "channel",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN year(("opened" AT TIME ZONE 'America/New_York') AT TIME ZONE 'Europe/Stockholm') BETWEEN 1 AND 9999 THEN strftime(("opened" AT TIME ZONE 'America/New_York') AT TIME ZONE 'Europe/Stockholm', '%Y-%m') ELSE CAST(("opened" AT TIME ZONE 'America/New_York') AT TIME ZONE 'Europe/Stockholm' AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("source" AS VARCHAR), '') AS "channel"
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS "source"
) AS "events"
GROUP BY "month", "channel"
ORDER BY "month", "channel"
