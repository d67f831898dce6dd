SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(CASE WHEN year(`happened_at`) BETWEEN 1 AND 9999 THEN date_format(`happened_at`, 'yyyy-MM') ELSE CAST(`happened_at` AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
