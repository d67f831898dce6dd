SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(FORMAT_TIMESTAMP('%Y-%m', TIMESTAMP(`happened_at`, 'UTC'), 'Europe/Stockholm'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
