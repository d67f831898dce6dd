SELECT
  CASE WHEN "month_text" LIKE '____-__ AD' THEN LEFT("month_text", 7) ELSE "month_text" END AS "month",
  "channel",
  COUNT(*) AS "complaints"
FROM (
  SELECT
    COALESCE(COALESCE(TO_CHAR(("opened" AT TIME ZONE 'America/New_York') AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM BC'), CAST(("opened" AT TIME ZONE 'America/New_York') AT TIME ZONE 'Europe/Stockholm' AS VARCHAR)), '') AS "month_text",
    COALESCE(CAST("source" AS VARCHAR), '') AS "channel"
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS "source"
) AS "events"
GROUP BY "month_text", "channel"
ORDER BY "month_text", "channel"
