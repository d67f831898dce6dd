SELECT
  `month`,
  `country`,
  `score`,
  COUNT(*) AS `responses`
FROM (
  SELECT
    COALESCE(CASE WHEN year(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT))) BETWEEN 1 AND 9999 THEN date_format(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT)), 'yyyy-MM') ELSE CAST(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`happened_at`, 'Europe/Stockholm')) / 86400) AS INT)) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    COALESCE(CAST(`score` AS STRING), '') AS `score`
  FROM `analytics`.`surveys`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
