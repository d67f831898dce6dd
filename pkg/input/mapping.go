package input

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
)

// Role is what a column of an input file holds.
type Role string

// The roles, as the columns setting names them.
const (
	RolePeriod   Role = "period"
	RoleCountry  Role = "country"
	RoleCount    Role = "count"
	RoleChannel  Role = "channel"
	RoleCategory Role = "category"
	RoleScore    Role = "score"
)

// Roles lists the roles of a kind's columns, in the order of its example header.
func (k Kind) Roles() []Role {
	return [][]Role{
		{RolePeriod, RoleCountry, RoleCount},
		{RolePeriod, RoleCountry, RoleChannel, RoleCategory, RoleCount},
		{RolePeriod, RoleCountry, RoleScore, RoleCount},
	}[k]
}

// allRoles are the roles of any kind, for messages.
var allRoles = []Role{RolePeriod, RoleCountry, RoleCount, RoleChannel, RoleCategory, RoleScore}

// NoColumn, as the column of a role (ROLE=none), declares that a kind's
// files have no column of that role. For the count (count=none) each row
// is one event: it is how a file whose period is a month and which has a
// column of whole numbers is read as events all the same (see the checks
// of the first rows in firstrow.go). For the country (country=none) every
// row is --country's: a column of country codes is not one.
const NoColumn = "none"

// ColumnMap is the columns setting: the column that holds a role, for the
// files of every kind (period=created_at) or of one (transactions.count=f0_,
// which wins over the setting for every kind).
type ColumnMap struct {
	every map[Role]string
	kinds [3]map[Role]string
	items []string // as given, for display
}

// ParseColumnMap reads the columns setting, items of ROLE=NAME or
// KIND.ROLE=NAME: period=created_at, count=f0_, complaints.channel=kanal,
// transactions.count=none. Roles and kinds match case-insensitively; a
// name is a column's name as the header writes it (matched as header names
// are: case and surrounding spaces do not matter).
func ParseColumnMap(items []string) (ColumnMap, error) {
	m := ColumnMap{every: map[Role]string{}}
	for _, item := range items {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, name, ok := strings.Cut(item, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return ColumnMap{}, fmt.Errorf("%q is not ROLE=COLUMN (such as count=f0_ or transactions.count=f0_)", item)
		}
		key = strings.ToLower(strings.TrimSpace(key))
		scope, kind := m.every, Kind(-1)
		if k, r, prefixed := strings.Cut(key, "."); prefixed {
			var err error
			if kind, err = ParseKind(k); err != nil {
				return ColumnMap{}, fmt.Errorf("%q: %v", item, err)
			}
			if m.kinds[kind] == nil {
				m.kinds[kind] = map[Role]string{}
			}
			scope, key = m.kinds[kind], r
		}
		role := Role(key)
		if !slices.Contains(allRoles, role) {
			return ColumnMap{}, fmt.Errorf("%q: unknown role %q (want %s)", item, key, roleList(allRoles))
		}
		if kind >= 0 && !slices.Contains(kind.Roles(), role) {
			return ColumnMap{}, fmt.Errorf("%q: %s files have no %s column (their roles: %s)", item, kind, role, roleList(kind.Roles()))
		}
		if strings.EqualFold(name, NoColumn) {
			if role != RoleCount && role != RoleCountry {
				return ColumnMap{}, fmt.Errorf("%q: only the count (each row one event) and the country (every row --country's) can be none", item)
			}
			name = NoColumn
		}
		if old, dup := scope[role]; dup && old != name {
			return ColumnMap{}, fmt.Errorf("%q: %s is mapped twice, to %s and to %s", item, role, old, name)
		}
		scope[role] = name
		m.items = append(m.items, item)
	}
	return m, nil
}

func roleList(roles []Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// ParseKind reads a kind's name: transactions, complaints or surveys.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if strings.EqualFold(strings.TrimSpace(s), k.String()) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q (want transactions, complaints or surveys)", s)
}

// For returns the columns mapped for kind's files: the roles of the kind set
// for every kind, overridden by those set for the kind.
func (m ColumnMap) For(kind Kind) map[Role]string {
	out := map[Role]string{}
	for role, name := range m.every {
		if slices.Contains(kind.Roles(), role) {
			out[role] = name
		}
	}
	for role, name := range m.kinds[kind] {
		out[role] = name
	}
	return out
}

// Items returns the setting as given, item by item.
func (m ColumnMap) Items() []string { return slices.Clone(m.items) }

// Headers is the header setting: the column names of files that have no
// header line, whose first line is data. One header may serve every kind,
// and a kind may have its own (which wins).
type Headers struct {
	every []string
	kinds [3][]string
	items []string // as given, for display
}

// ParseHeaders reads the header setting, items of NAME,NAME,… (for every
// kind) or KIND=NAME,NAME,… (for one): timestamp,country or
// complaints=date,channel. Names are separated as CSV fields are (a name
// with a comma is quoted); a name that is no role (id, -) marks a column
// that is not read.
func ParseHeaders(items []string) (Headers, error) {
	var h Headers
	for _, item := range items {
		if strings.TrimSpace(item) == "" {
			continue
		}
		names, kind := item, Kind(-1)
		if k, rest, ok := strings.Cut(item, "="); ok {
			if parsed, err := ParseKind(k); err == nil {
				kind, names = parsed, rest
			}
		}
		list, err := splitNames(names)
		if err != nil {
			return Headers{}, fmt.Errorf("%q: %v", item, err)
		}
		if kind < 0 {
			if h.every != nil {
				return Headers{}, fmt.Errorf("%q: a header for every kind is already given (%s); prefix each with its kind, such as transactions=%s", item, strings.Join(h.every, ","), names)
			}
			h.every = list
		} else {
			if h.kinds[kind] != nil {
				return Headers{}, fmt.Errorf("%q: a header for %s is already given (%s)", item, kind, strings.Join(h.kinds[kind], ","))
			}
			h.kinds[kind] = list
		}
		h.items = append(h.items, strings.TrimSpace(item))
	}
	return h, nil
}

// splitNames splits a header's names as a CSV line.
func splitNames(s string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	names, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("cannot read the names as a CSV line: %v", err)
	}
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	if len(names) == 0 || len(names) == 1 && names[0] == "" {
		return nil, fmt.Errorf("no column names")
	}
	return names, nil
}

// For returns the header of kind's files without one; nil when they have
// their own.
func (h Headers) For(kind Kind) []string {
	if h.kinds[kind] != nil {
		return slices.Clone(h.kinds[kind])
	}
	return slices.Clone(h.every)
}

// Items returns the setting as given, item by item.
func (h Headers) Items() []string { return slices.Clone(h.items) }
