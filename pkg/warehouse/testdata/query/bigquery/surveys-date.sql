SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(FORMAT_DATE('%Y-%m', `happened_at`), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
