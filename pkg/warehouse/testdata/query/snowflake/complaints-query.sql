SELECT
  "month",
  "channel",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Stockholm', IFF(CONVERT_TIMEZONE('UTC', 'America/New_York', DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened")))) = "opened", DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened"))), DATEADD(day, 1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, -1, "opened")))))) BETWEEN 1 AND 9999 THEN TO_CHAR(CONVERT_TIMEZONE('UTC', 'Europe/Stockholm', IFF(CONVERT_TIMEZONE('UTC', 'America/New_York', DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened")))) = "opened", DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened"))), DATEADD(day, 1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, -1, "opened"))))), 'YYYY-MM') ELSE CAST(CONVERT_TIMEZONE('UTC', 'Europe/Stockholm', IFF(CONVERT_TIMEZONE('UTC', 'America/New_York', DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened")))) = "opened", DATEADD(day, -1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, 1, "opened"))), DATEADD(day, 1, CONVERT_TIMEZONE('America/New_York', 'UTC', DATEADD(day, -1, "opened"))))) AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("source" AS VARCHAR), '') AS "channel"
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS "source"
) AS "events"
GROUP BY "month", "channel"
ORDER BY "month", "channel"
