SELECT
  `month`,
  `country`,
  `score`,
  CASE WHEN COUNT(`count`) < COUNT(*) THEN NULL WHEN MIN(`count`) < 0 THEN MIN(`count`) WHEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) IS NOT NULL THEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) ELSE SUM(`count`) END AS `responses`
FROM (
  SELECT
    COALESCE(date_format(date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(`we"ird``; x.y'\`, 'Europe/Stockholm')) / 86400) AS INT)), 'yyyy-MM'), '') AS `month`,
    COALESCE(CAST(`land.kod` AS STRING), '') AS `country`,
    COALESCE(CAST(`betyg; DROP TABLE x` AS STRING), '') AS `score`,
    `n"` AS `count`
  FROM `sch"ema`.`ta``ble;`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
