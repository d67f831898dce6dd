SELECT
  "month",
  "channel",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(CASE WHEN YEAR(CONVERT_TIMEZONE('America/New_York', 'Europe/Stockholm', "opened")) BETWEEN 1 AND 9999 THEN TO_CHAR(CONVERT_TIMEZONE('America/New_York', 'Europe/Stockholm', "opened"), 'YYYY-MM') ELSE CAST(CONVERT_TIMEZONE('America/New_York', 'Europe/Stockholm', "opened") AS VARCHAR) END, '') AS "month",
    COALESCE(CAST("source" AS VARCHAR), '') AS "channel"
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS "source"
) AS "events"
GROUP BY "month", "channel"
ORDER BY "month", "channel"
