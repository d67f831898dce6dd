SELECT
  `month`,
  `country`,
  CASE WHEN COUNT(`count`) < COUNT(*) THEN NULL WHEN MIN(`count`) < 0 THEN CAST(MIN(`count`) AS STRING) WHEN MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) IS NOT NULL THEN CAST(MIN(CASE WHEN `count` <> FLOOR(`count`) THEN `count` END) AS STRING) WHEN COUNT(`whole`) < COUNT(*) THEN CAST(MAX(`count`) AS STRING) ELSE CAST(SUM(`whole`) AS STRING) END AS `transactions`
FROM (
  SELECT
    COALESCE(FORMAT_DATE('%Y-%m', `day`), '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`,
    `purchases` AS `count`,
    SAFE_CAST(`purchases` AS INT64) AS `whole`
  FROM `daily_sales`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
