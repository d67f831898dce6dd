package warehouse

import (
	"fmt"

	"github.com/nollmission/nollmission/pkg/input"
)

// abbreviations are the IANA zone names that an engine reads as something
// else, each with the city zone that tzdata (2024b and later) makes it a
// link to, which every engine reads as Go does.
//
//   - PostgreSQL and Redshift look a zone name up among the time zone
//     abbreviations (timezone_abbreviations, pg_timezone_abbrevs) before
//     the IANA names, without regard to case: AT TIME ZONE 'CET' is +01:00
//     all year, where the IANA zone CET, as Go reads it, keeps summer time.
//     These are the IANA names that are abbreviations in any of the sets
//     PostgreSQL ships (share/timezonesets), but those of UTC (GMT, UCT,
//     UTC, Zulu), which mean the same in both.
//     https://www.postgresql.org/docs/current/datetime-config-files.html
//     https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
//   - Spark reads a zone through Java's ZoneId.of(zone, ZoneId.SHORT_IDS)
//     (DateTimeUtils.getZoneId), where EST, MST and HST are fixed offsets
//     (-05:00, -07:00, -10:00), not the IANA zones of those names, whose
//     offsets differed in their past (Phoenix kept summer time in 1967).
//     https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/time/ZoneId.html#SHORT_IDS
//
// DuckDB (ICU), BigQuery and Snowflake read IANA names as IANA zones.
var abbreviations = map[Dialect]map[string]string{
	Postgres: pgAbbreviations,
	Redshift: pgAbbreviations,
	Spark:    {"EST": "America/Panama", "MST": "America/Phoenix", "HST": "Pacific/Honolulu"},
}

var pgAbbreviations = map[string]string{
	"CET": "Europe/Brussels",
	"MET": "Europe/Brussels",
	"EET": "Europe/Athens",
	"WET": "Europe/Lisbon",
	"EST": "America/Panama",
	"MST": "America/Phoenix",
	"HST": "Pacific/Honolulu",
}

// engineNames name the dialects in messages.
var engineNames = map[Dialect]string{
	Postgres: "PostgreSQL", Redshift: "Redshift", DuckDB: "DuckDB",
	BigQuery: "BigQuery", Snowflake: "Snowflake", Spark: "Spark",
}

// CheckZones refuses a zone of kind's mapping m, or the reporting zone,
// that dialect d would read otherwise than nollmission does (a file's
// months are Go's reading of the IANA zone): the engine's months would
// differ from the same rows' in a file, silently. The error is a
// *MappingError whose Key is the mapping's naive_timezone key, or
// --timezone.
func CheckZones(d Dialect, kind input.Kind, m Mapping, reportZone string) error {
	if err := checkEngineZone(d, "--timezone", reportZone); err != nil {
		return err
	}
	if m.PeriodType == PeriodTimestamp {
		return checkEngineZone(d, Key(kind, "naive_timezone"), m.naiveZone())
	}
	return nil
}

func checkEngineZone(d Dialect, key, zone string) error {
	city, ok := abbreviations[d][zone]
	if !ok {
		return nil
	}
	reason := fmt.Sprintf("is read by %s as a fixed offset (an abbreviation), not as the IANA zone %s that nollmission reads, with its summer time or past offsets: months would differ from those of the same rows in a file",
		engineNames[d], zone)
	hint := fmt.Sprintf("set %s: %s (tzdata links %s to it since 2024b)", key, city, zone)
	if key == "--timezone" {
		hint = fmt.Sprintf("name the city zone: --timezone %s (tzdata links %s to it since 2024b)", city, zone)
	}
	return &MappingError{Key: key, Value: zone, Reason: reason, Hint: hint}
}
