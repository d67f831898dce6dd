SELECT
  `month`,
  `channel`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(CASE WHEN year(CAST(convert_timezone('America/New_York', 'Europe/Stockholm', `opened`) AS DATE)) BETWEEN 1 AND 9999 THEN date_format(CAST(convert_timezone('America/New_York', 'Europe/Stockholm', `opened`) AS DATE), 'yyyy-MM') ELSE CAST(CAST(convert_timezone('America/New_York', 'Europe/Stockholm', `opened`) AS DATE) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`source` AS STRING), '') AS `channel`
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS `source`
) AS `events`
GROUP BY `month`, `channel`
ORDER BY `month`, `channel`
