SELECT
  `month`,
  `country`,
  `channel`,
  `category`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(FORMAT_TIMESTAMP('%Y-%m', `happened_at`, 'Europe/Stockholm'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`channel` AS STRING), '') AS `channel`,
    COALESCE(CAST(`category` AS STRING), '') AS `category`
  FROM `analytics`.`complaints`
) AS `events`
GROUP BY `month`, `country`, `channel`, `category`
ORDER BY `month`, `country`, `channel`, `category`
