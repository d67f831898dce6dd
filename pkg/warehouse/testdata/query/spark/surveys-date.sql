SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(date_format(`happened_at`, 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
