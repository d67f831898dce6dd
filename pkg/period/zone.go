package period

import (
	"fmt"
	"strings"
	"time"
)

// LoadZone loads an IANA time zone by name, refusing the names that Go's
// zone data opens but that mean something else elsewhere: a database or
// another machine would read them otherwise, and the same rows would land
// in other months. Local and localtime are the machine's own zone;
// right/… zones count leap seconds, which PostgreSQL applies and Go does
// not (right/UTC put 2019-01-01 00:00:10Z in December in PostgreSQL);
// posix/… are copies under another name that DuckDB does not know;
// Factory has no offset of its own. "" would be UTC unasked.
func LoadZone(name string) (*time.Location, error) {
	switch {
	case name == "" || strings.EqualFold(name, "Local") || strings.EqualFold(name, "localtime"):
		return nil, fmt.Errorf("%q is not an IANA time zone name: name one such as Europe/Stockholm or UTC (the machine's own zone would make the figures differ by machine)", name)
	case strings.HasPrefix(name, "right/"):
		return nil, fmt.Errorf("%q counts leap seconds, which databases apply and files do not: name the zone without right/ (%s)", name, strings.TrimPrefix(name, "right/"))
	case strings.HasPrefix(name, "posix/"):
		return nil, fmt.Errorf("%q is a copy of %s under another name: name that", name, strings.TrimPrefix(name, "posix/"))
	case name == "Factory" || name == "posixrules":
		return nil, fmt.Errorf("%q is not a time zone of a place: name one such as Europe/Stockholm or UTC", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (want an IANA name such as Europe/Stockholm or UTC)", name)
	}
	return loc, nil
}
