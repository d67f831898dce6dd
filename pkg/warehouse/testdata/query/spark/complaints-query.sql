SELECT
  `month`,
  `channel`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(date_format(CAST(convert_timezone('America/New_York', 'Europe/Stockholm', `opened`) AS DATE), 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`source` AS STRING), '') AS `channel`
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS `source`
) AS `events`
GROUP BY `month`, `channel`
ORDER BY `month`, `channel`
