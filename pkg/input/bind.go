package input

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/period"
)

// columns maps the columns of one file's header.
type columns struct {
	header                            []string // the names as matched
	written                           []string // the names as the header writes them
	period, country, count            int
	channel, category, score, nfields int
	// countNone: the columns setting says the kind's files have no count
	// column (count=none): each row is one event, without the count check.
	countNone bool
	// countryNone: the columns setting says the kind's files have no
	// country column (country=none): every row is --country's, without the
	// check for a country column under another name.
	countryNone bool
	// form is how the period of the row last parsed was written: the
	// reader counts the timestamps without an offset.
	form period.Form
	// channels and categories are the cells of those columns parse has
	// read, as written, with what they were read as: they repeat, and a
	// cell that is not plain lower-case ASCII costs 150–470 ns to check and
	// normalise. Each goroutine's binding has its own (fastWorker).
	channels, categories cellsRead
}

// cellsRead are cells read before, as written, with what they were read
// as: at most maxCellsRead cells of at most maxCellRead bytes (a free-text
// column mapped as the category by mistake would otherwise keep up to a
// record's size a cell), the others normalised each time.
type cellsRead map[string]string

const (
	maxCellsRead = 4096
	maxCellRead  = 256
)

// keep remembers a cell read as v.
func (m *cellsRead) keep(cell, v string) {
	if len(*m) >= maxCellsRead || len(cell) > maxCellRead {
		return
	}
	if *m == nil {
		*m = cellsRead{}
	}
	(*m)[strings.Clone(cell)] = v
}

const absent = -1

// headerName is a header name as it is matched: case-insensitively,
// surrounding spaces and a byte-order mark ignored.
func headerName(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
}

// bindColumns finds the columns a kind needs: those the columns setting
// names (mapped, by role), else those with the accepted names. delimiter is
// the one the file's fields are split by (0 in a format without one), for
// the hints. The error has only its column and value set: the reader puts
// it in its place.
func bindColumns(kind Kind, header []string, delimiter rune, mapped map[Role]string) (*columns, *DataError) {
	names := make([]string, len(header))
	index := map[string]int{}
	for i, h := range header {
		n := headerName(h)
		names[i] = n
		if _, dup := index[n]; !dup {
			index[n] = i
		}
	}
	// candidates are the names a role is looked up by: the one mapped, or
	// the accepted ones.
	candidates := func(role Role) []string {
		if name, ok := mapped[role]; ok {
			if name == NoColumn {
				return nil
			}
			return []string{headerName(name)}
		}
		switch role {
		case RolePeriod:
			return periodColumns
		case RoleCount:
			return kind.countColumns()
		case RoleCountry:
			return countryColumns
		}
		return []string{string(role)}
	}
	first := func(role Role) int { return firstOf(index, candidates(role)) }
	if err := ambiguous(kind, header, names, index, candidates, mapped); err != nil {
		return nil, err
	}
	cols := &columns{
		header:      names,
		written:     slices.Clone(header),
		nfields:     len(header),
		period:      first(RolePeriod),
		country:     first(RoleCountry),
		count:       first(RoleCount),
		channel:     absent,
		category:    absent,
		score:       absent,
		countNone:   mapped[RoleCount] == NoColumn,
		countryNone: mapped[RoleCountry] == NoColumn,
	}
	switch kind {
	case Complaints:
		cols.channel = first(RoleChannel)
		cols.category = first(RoleCategory)
	case Surveys:
		cols.score = first(RoleScore)
	}
	// A column the setting names must be there, whatever its role.
	for _, role := range kind.Roles() {
		if name, ok := mapped[role]; ok && name != NoColumn && first(role) == absent {
			return nil, &DataError{
				Reason: fmt.Sprintf("no column %s, which the columns setting reads as the %s; the header has: %s", ShowName(strings.TrimSpace(name)), role, strings.Join(shown(names), ", ")),
				Hint:   "correct the name in --columns (columns: in the config file), or prefix the role with the kind whose files have the column, such as " + kind.String() + "." + string(role) + "=NAME; case and surrounding spaces do not matter"}
		}
	}
	if cols.countNone {
		if i := firstOf(index, kind.countColumns()); i != absent {
			return nil, &DataError{Column: i + 1, Name: names[i], Value: header[i],
				Reason: fmt.Sprintf("a count column, though the columns setting says %s files have none (count=none)", kind),
				Hint:   fmt.Sprintf("drop count=none, or give it for the kind whose files have no count column, such as %s.count=none", otherKind(kind))}
		}
	}
	if cols.countryNone {
		if i := firstOf(index, countryColumns); i != absent {
			return nil, &DataError{Column: i + 1, Name: names[i], Value: header[i],
				Reason: fmt.Sprintf("a country column, though the columns setting says %s files have none (country=none)", kind),
				Hint:   fmt.Sprintf("drop country=none, or give it for the kind whose files have no country column, such as %s.country=none", otherKind(kind))}
		}
	}
	missing := func(role Role) *DataError {
		want := candidates(role)
		hint := fmt.Sprintf("name it %s (case and surrounding spaces do not matter), or say which column it is with --columns %s=%s; a %s file looks like: %s",
			strings.Join(want, " or "), role, shellWord(likelyColumn(role, header)), kind, exampleHeader(kind))
		if delimiter != 0 && len(header) == 1 && strings.ContainsAny(header[0], ",;\t|") {
			hint = fmt.Sprintf("the whole header is one column with the delimiter %s; if the file uses another, pass --delimiter or leave it to detection", DelimiterName(delimiter))
		}
		return &DataError{
			Reason: fmt.Sprintf("no %s column; the header has: %s", role, strings.Join(shown(names), ", ")),
			Hint:   hint}
	}
	if cols.period == absent {
		return nil, missing(RolePeriod)
	}
	if kind == Surveys && cols.score == absent {
		return nil, missing(RoleScore)
	}
	if err := cols.distinct(header); err != nil {
		return nil, err
	}
	return cols, nil
}

// likelyColumn names the column of the header that most likely holds the
// role, for the example of a hint: a period is a name like created_at,
// order_time, datum or månad; NAME when none is.
func likelyColumn(role Role, header []string) string {
	if role == RolePeriod {
		for _, h := range header {
			n := headerName(h)
			if strings.HasSuffix(n, "_at") || strings.HasSuffix(n, " at") || containsAny(n, "time", "date", "datum", "tid", "month", "månad", "period", "day", "dag") {
				return strings.TrimSpace(h)
			}
		}
	}
	return "NAME"
}

func containsAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func firstOf(index map[string]int, names []string) int {
	for _, n := range names {
		if i, ok := index[n]; ok {
			return i
		}
	}
	return absent
}

// otherKind names a kind other than k, for an example.
func otherKind(k Kind) Kind {
	if k == Complaints {
		return Transactions
	}
	return Complaints
}

// distinct refuses a column read in two roles, which only the columns
// setting can cause (count=country).
func (c *columns) distinct(header []string) *DataError {
	roles := map[int]Role{}
	for _, r := range []struct {
		role Role
		i    int
	}{{RolePeriod, c.period}, {RoleCountry, c.country}, {RoleCount, c.count}, {RoleChannel, c.channel}, {RoleCategory, c.category}, {RoleScore, c.score}} {
		if r.i == absent {
			continue
		}
		if other, dup := roles[r.i]; dup {
			return &DataError{Column: r.i + 1, Name: c.header[r.i], Value: header[r.i],
				Reason: fmt.Sprintf("the column is read as both the %s and the %s", other, r.role),
				Hint:   "map each role to a column of its own in --columns"}
		}
		roles[r.i] = r.role
	}
	return nil
}

// ambiguous refuses a header that leaves in doubt which column to read: a
// column the kind uses that appears twice, two count columns (count and
// transactions) or two country columns under other names (land and
// country_code): taking the first would silently drop the other. A column
// named country is the country beside any other (a Swedish Excel sheet
// may carry land beside it, as other columns are carried).
func ambiguous(kind Kind, header, names []string, index map[string]int, candidates func(Role) []string, mapped map[Role]string) *DataError {
	used := map[string]bool{}
	for _, role := range kind.Roles() {
		for _, n := range candidates(role) {
			used[n] = true
		}
	}
	for i, n := range names {
		if used[n] && index[n] != i {
			return &DataError{Column: i + 1, Name: ShowName(n), Value: header[i],
				Reason: fmt.Sprintf("column %q appears twice (columns %d and %d)", n, index[n]+1, i+1),
				Hint:   "keep one of them, or rename the other"}
		}
	}
	for _, role := range []Role{RoleCount, RoleCountry} {
		if _, ok := mapped[role]; ok {
			continue // the setting says which
		}
		if _, ok := index[string(RoleCountry)]; ok && role == RoleCountry {
			continue
		}
		var found []string
		for _, n := range candidates(role) {
			if _, ok := index[n]; ok {
				found = append(found, n)
			}
		}
		if len(found) > 1 {
			a, b := index[found[0]], index[found[1]]
			return &DataError{Column: b + 1, Name: found[1], Value: header[b],
				Reason: fmt.Sprintf("two %s columns, %s (column %d) and %s (column %d)", role, found[0], a+1, found[1], b+1),
				Hint:   fmt.Sprintf("keep one %s column, or rename the other (or say which with --columns %s=NAME)", role, role)}
		}
	}
	return nil
}

// shown lists the header's names for a message; the empty names of
// trailing delimiters are left out.
func shown(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, ShowName(n))
		}
	}
	return out
}

func exampleHeader(kind Kind) string {
	return [...]string{
		"month,country,transactions (count rows) or timestamp,country (one row per purchase)",
		"month,country,channel,category,complaints (count rows) or date,channel (one row per complaint)",
		"month,country,score,responses (count rows) or timestamp,score (one row per answer)",
	}[kind]
}

// blank tells a row of empty fields.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fit checks that a row has the header's fields. A trailing delimiter on
// the header or on the row (an empty last field) is not held against it.
// The error points at the first value beyond the header, or at the last
// field of a short row; in a delimited format (delimiter not 0), its hint
// names the delimiter, the likeliest cause.
func (c *columns) fit(rec []string, delimiter rune) *DataError {
	n := len(rec)
	if n == c.nfields {
		return nil
	}
	if n > c.nfields && blank(rec[c.nfields:]) || n < c.nfields && blank(c.header[n:]) {
		return nil
	}
	reason := fmt.Sprintf("the row has %s, the header has %d", plural(n, "field"), c.nfields)
	hint := "every value needs a column named in the header; name the column or clear the value"
	if delimiter != 0 {
		hint = fmt.Sprintf("every row needs as many fields as the header; quote fields that contain the delimiter (the delimiter is %s; --delimiter sets it)", DelimiterName(delimiter))
	}
	if n > c.nfields {
		// The first value beyond the header: the empty fields before it
		// would be forgiven (a trailing delimiter), the value is not.
		at := c.nfields
		for strings.TrimSpace(rec[at]) == "" {
			at++
		}
		return &DataError{Column: at + 1, Value: rec[at], Reason: reason, Hint: hint}
	}
	return &DataError{Column: n, Name: c.header[n-1], Value: rec[n-1], Reason: reason, Hint: hint}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
