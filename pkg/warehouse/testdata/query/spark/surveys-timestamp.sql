SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(CASE WHEN year(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE)) BETWEEN 1 AND 9999 THEN date_format(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE), 'yyyy-MM') ELSE CAST(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
