SELECT
  `month`,
  `country`,
  `channel`,
  `category`,
  COUNT(*) AS `complaints`
FROM (
  SELECT
    COALESCE(CASE WHEN year(`happened_at`) BETWEEN 1 AND 9999 THEN date_format(`happened_at`, 'yyyy-MM') ELSE CAST(`happened_at` AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`channel` AS STRING), '') AS `channel`,
    COALESCE(CAST(`category` AS STRING), '') AS `category`
  FROM `analytics`.`complaints`
) AS `events`
GROUP BY `month`, `country`, `channel`, `category`
ORDER BY `month`, `country`, `channel`, `category`
