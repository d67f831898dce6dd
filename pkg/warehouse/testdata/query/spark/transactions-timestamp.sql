SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(CASE WHEN year(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE)) BETWEEN 1 AND 9999 THEN date_format(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE), 'yyyy-MM') ELSE CAST(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
