SELECT
  `month`,
  `channel`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(CASE WHEN year(CAST(convert_timezone('UTC', 'Europe/Stockholm', CASE WHEN convert_timezone('UTC', 'America/New_York', (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY)) = `opened` THEN (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY) ELSE (convert_timezone('America/New_York', 'UTC', `opened` - INTERVAL 1 DAY) + INTERVAL 1 DAY) END) AS DATE)) BETWEEN 1 AND 9999 THEN date_format(CAST(convert_timezone('UTC', 'Europe/Stockholm', CASE WHEN convert_timezone('UTC', 'America/New_York', (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY)) = `opened` THEN (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY) ELSE (convert_timezone('America/New_York', 'UTC', `opened` - INTERVAL 1 DAY) + INTERVAL 1 DAY) END) AS DATE), 'yyyy-MM') ELSE CAST(CAST(convert_timezone('UTC', 'Europe/Stockholm', CASE WHEN convert_timezone('UTC', 'America/New_York', (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY)) = `opened` THEN (convert_timezone('America/New_York', 'UTC', `opened` + INTERVAL 1 DAY) - INTERVAL 1 DAY) ELSE (convert_timezone('America/New_York', 'UTC', `opened` - INTERVAL 1 DAY) + INTERVAL 1 DAY) END) AS DATE) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`source` AS STRING), '') AS `channel`
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS `source`
) AS `events`
GROUP BY `month`, `channel`
ORDER BY `month`, `channel`
