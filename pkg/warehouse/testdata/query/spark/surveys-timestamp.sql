SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(date_format(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE), 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
