SELECT
  `month`,
  `channel`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(FORMAT_TIMESTAMP('%Y-%m', IF(DATETIME(SAFE.TIMESTAMP_SUB(SAFE.TIMESTAMP(SAFE.DATETIME_ADD(`opened`, INTERVAL 1 DAY), 'America/New_York'), INTERVAL 24 HOUR), 'America/New_York') = `opened`, SAFE.TIMESTAMP_SUB(SAFE.TIMESTAMP(SAFE.DATETIME_ADD(`opened`, INTERVAL 1 DAY), 'America/New_York'), INTERVAL 24 HOUR), SAFE.TIMESTAMP_ADD(SAFE.TIMESTAMP(SAFE.DATETIME_SUB(`opened`, INTERVAL 1 DAY), 'America/New_York'), INTERVAL 24 HOUR)), 'Europe/Stockholm'), '') AS `month`,
    COALESCE(CAST(`source` AS STRING), '') AS `channel`
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS `source`
) AS `events`
GROUP BY `month`, `channel`
ORDER BY `month`, `channel`
