SELECT
  `month`,
  `country`,
  CASE WHEN COUNT(`count`) < COUNT(*) THEN NULL WHEN MIN(`count`) < 0 THEN CAST(MIN(`count`) AS STRING) WHEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) IS NOT NULL THEN CAST(MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) AS STRING) WHEN COUNT(`whole`) < COUNT(*) THEN CAST(MAX(`count`) AS STRING) ELSE CAST(try_sum(`whole`) AS STRING) END AS `transactions`
FROM (
  SELECT
    COALESCE(CASE WHEN year(`day`) BETWEEN 1 AND 9999 THEN date_format(`day`, 'yyyy-MM') ELSE CAST(`day` AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    `purchases` AS `count`,
    try_cast(`purchases` AS BIGINT) AS `whole`
  FROM `daily_sales`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
