package cmdutil

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/config"
)

// RegisterCompletions makes shell completion offer the values of every
// flag below root that has a fixed set (a Chooser: -o, --by, --fail-on,
// --decimals, the scores, --delimiter, --encoding) and the time zones for
// --timezone. A list flag is completed after its last comma.
func RegisterCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		register := func(f *pflag.Flag) {
			var complete cobra.CompletionFunc
			switch v := f.Value.(type) {
			case Chooser:
				complete = completeChoices(v.Choices(), isList(f))
			case *timezoneValue:
				complete = func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
					return zoneNames(), cobra.ShellCompDirectiveNoFileComp
				}
			default:
				return
			}
			_ = c.RegisterFlagCompletionFunc(f.Name, complete) // only fails for a flag registered twice
		}
		c.Flags().VisitAll(register) // the flags of c alone, before cobra merges its parents' in
		c.PersistentFlags().VisitAll(register)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func isList(f *pflag.Flag) bool {
	_, ok := f.Value.(pflag.SliceValue)
	return ok
}

// completeChoices offers the choices; for a list, after the items already
// typed (up to the last comma), those not yet given.
func completeChoices(choices []string, list bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if !list {
			return choices, cobra.ShellCompDirectiveNoFileComp
		}
		done := ""
		var given []string
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			done = toComplete[:i+1]
			given = strings.Split(toComplete[:i], ",")
		}
		var out []cobra.Completion
		for _, c := range choices {
			if !slices.Contains(given, c) {
				out = append(out, done+c)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// commonZones are offered when the system has no zone list.
var commonZones = []string{
	"UTC", config.DefaultTimezone, "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Europe/Berlin",
	"Europe/London", "Europe/Paris", "Europe/Amsterdam", "America/New_York", "America/Chicago",
	"America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney",
}

// zoneInfoDirs are where the system's time zone database may be, as the
// time package looks for it.
var zoneInfoDirs = []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"}

// zoneNamed finds the zone s names in another case (utc, europe/stockholm):
// zone names are case-sensitive where the system's database is.
func zoneNamed(s string) (string, bool) {
	for _, z := range zoneNames() {
		if strings.EqualFold(z, strings.TrimSpace(s)) {
			return z, true
		}
	}
	return "", false
}

// zoneNames lists UTC and the IANA zones of the system's zone.tab (one
// per country and region: Europe/Stockholm, not its links), else the
// common ones.
func zoneNames() []string {
	dirs := zoneInfoDirs
	if dir := os.Getenv("ZONEINFO"); dir != "" {
		dirs = append([]string{dir}, dirs...)
	}
	for _, dir := range dirs {
		f, err := os.Open(filepath.Join(dir, "zone.tab"))
		if err != nil {
			continue
		}
		zones := []string{"UTC"}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// country code, coordinates, zone name, comments; tab-separated.
			fields := strings.Split(sc.Text(), "\t")
			if len(fields) >= 3 && !strings.HasPrefix(fields[0], "#") {
				zones = append(zones, fields[2])
			}
		}
		f.Close()
		if len(zones) > 1 {
			slices.Sort(zones[1:])
			return zones
		}
	}
	return commonZones
}
