SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(FORMAT_DATE('%Y-%m', `happened_at`), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
