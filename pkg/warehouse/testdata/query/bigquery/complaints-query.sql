SELECT
  `month`,
  `channel`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(FORMAT_TIMESTAMP('%Y-%m', TIMESTAMP(`opened`, 'America/New_York'), 'Europe/Stockholm'), '') AS `month`,
    COALESCE(CAST(`source` AS STRING), '') AS `channel`
  FROM (
SELECT * FROM crm.cases -- only complaints
WHERE kind = 'complaint'
) AS `source`
) AS `events`
GROUP BY `month`, `channel`
ORDER BY `month`, `channel`
