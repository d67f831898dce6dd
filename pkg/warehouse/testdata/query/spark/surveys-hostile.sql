SELECT
  `month`,
  `country`,
  `score`,
  CASE WHEN COUNT(`count`) < COUNT(*) THEN NULL WHEN MIN(`count`) < 0 THEN CAST(MIN(`count`) AS STRING) WHEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) IS NOT NULL THEN CAST(MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) AS STRING) WHEN COUNT(`whole`) < COUNT(*) THEN CAST(MAX(`count`) AS STRING) ELSE CAST(try_sum(`whole`) AS STRING) END AS `responses`
FROM (
  SELECT
    COALESCE(CASE WHEN year(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`we"ird``; x.y'\`, 'Europe/Stockholm')) / 86400) AS INT))) BETWEEN 1 AND 9999 THEN date_format(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`we"ird``; x.y'\`, 'Europe/Stockholm')) / 86400) AS INT)), 'yyyy-MM') ELSE CAST(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`we"ird``; x.y'\`, 'Europe/Stockholm')) / 86400) AS INT)) AS STRING) END, '') AS `month`,
    COALESCE(CAST(`land.kod` AS STRING), '') AS `country`,
    COALESCE(CAST(`betyg; DROP TABLE x` AS STRING), '') AS `score`,
    `n"` AS `count`,
    try_cast(`n"` AS BIGINT) AS `whole`
  FROM `sch"ema`.`ta``ble;`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
