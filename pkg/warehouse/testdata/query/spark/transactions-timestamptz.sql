SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(CASE WHEN year(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT))) BETWEEN 1 AND 9999 THEN date_format(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT)), 'yyyy-MM') ELSE CAST(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT)) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
