SELECT
  `month`,
  `country`,
  `score`,
  CASE WHEN COUNT(`count`) < COUNT(*) THEN NULL WHEN MIN(`count`) < 0 THEN CAST(MIN(`count`) AS STRING) WHEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) IS NOT NULL THEN CAST(MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) AS STRING) WHEN COUNT(`whole`) < COUNT(*) THEN CAST(MAX(`count`) AS STRING) ELSE CAST(SUM(`whole`) AS STRING) END AS `responses`
FROM (
  SELECT
    COALESCE(FORMAT_TIMESTAMP('%Y-%m', `we"ird\`; x.y'\\`, 'Europe/Stockholm'), '') AS `month`,
    COALESCE(CAST(`land.kod` AS STRING), '') AS `country`,
    COALESCE(CAST(`betyg; DROP TABLE x` AS STRING), '') AS `score`,
    `n"` AS `count`,
    SAFE_CAST(`n"` AS INT64) AS `whole`
  FROM `sch"ema`.`ta\`ble;`
) AS `events`
GROUP BY `month`, `country`, `score`
ORDER BY `month`, `country`, `score`
