SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(date_format(CAST(convert_timezone('UTC', 'Europe/Stockholm', `happened_at`) AS DATE), 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
