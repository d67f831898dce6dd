SELECT
  `month`,
  `country`,
  COUNT(*) AS `transactions`
FROM (
  SELECT
    COALESCE(CASE WHEN year(`happened_at`) BETWEEN 1 AND 9999 THEN date_format(`happened_at`, 'yyyy-MM') ELSE CAST(`happened_at` AS STRING) END, '') AS `month`,
    COALESCE(CAST(`country` AS STRING), '') AS `country`
  FROM `analytics`.`transactions`
) AS `events`
GROUP BY `month`, `country`
ORDER BY `month`, `country`
