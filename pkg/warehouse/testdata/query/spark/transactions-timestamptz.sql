SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(date_format(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT)), 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
