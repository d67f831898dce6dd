package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// textRecord is a row of every column any kind reads, all as text, for
// files of each format that hold the same values.
type textRecord struct {
	Month    string `parquet:"month"`
	Country  string `parquet:"country"`
	Channel  string `parquet:"channel"`
	Category string `parquet:"category"`
	Score    string `parquet:"score"`
	Count    string `parquet:"count"`
}

var textHeader = []string{"month", "country", "channel", "category", "score", "count"}

func (r textRecord) cells() []string {
	return []string{r.Month, r.Country, r.Channel, r.Category, r.Score, r.Count}
}

// withCell is r with column col set to v.
func (r textRecord) withCell(col int, v string) textRecord {
	p := []*string{&r.Month, &r.Country, &r.Channel, &r.Category, &r.Score, &r.Count}
	*p[col] = v
	return r
}

var goodText = textRecord{"2019-01", "SE", "arn", "refunds", "5", "3"}

// textFiles writes the records as CSV, an Excel workbook and Parquet.
func textFiles(t testing.TB, records ...textRecord) map[string][]byte {
	t.Helper()
	rows := [][]string{textHeader}
	cells := [][]any{{"month", "country", "channel", "category", "score", "count"}}
	for _, r := range records {
		rows = append(rows, r.cells())
		var row []any
		for _, c := range r.cells() {
			row = append(row, c)
		}
		cells = append(cells, row)
	}
	return map[string][]byte{
		"x.csv":     []byte(render(rows, ",", "\n", false)),
		"x.xlsx":    controlsEscaped(t, workbook(t, false, sheet{name: "Blad1", rows: cells}), records),
		"x.parquet": parquetFile(t, 10, records...),
	}
}

// controlsEscaped writes the C0 control characters of the records into a
// workbook as Excel does, _x001B_ for ESC: XML 1.0 cannot hold them, and
// excelize writes U+FFFD instead, in the order of the cells (the tests put
// them in one cell).
func controlsEscaped(t testing.TB, book []byte, records []textRecord) []byte {
	t.Helper()
	var escapes [][]byte
	for _, r := range records {
		for _, c := range strings.Join(r.cells(), "") {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				escapes = append(escapes, fmt.Appendf(nil, "_x%04X_", c))
			}
		}
	}
	if len(escapes) == 0 {
		return book
	}
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		parts := bytes.Split(data, []byte("\uFFFD"))
		for i := 1; i < len(parts); i++ {
			parts[i] = append(append([]byte{}, escapes[min(i-1, len(escapes)-1)]...), parts[i]...)
		}
		if _, err := fw.Write(bytes.Join(parts, nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// readsColumn tells whether a kind reads a column of textHeader.
func readsColumn(kind Kind, col int) bool {
	switch textHeader[col] {
	case "channel", "category":
		return kind == Complaints
	case "score":
		return kind == Surveys
	}
	return true
}

// TestControlCharacters: a control character other than tab, in any value
// a kind reads, in any format, is refused with its place, column and value,
// and the message shows it escaped; in a value nobody reads it is no error
// (it cannot reach the output), but for a NUL in a text file. A line break
// in a category is white space.
func TestControlCharacters(t *testing.T) {
	controls := []string{"\x1b", "\a", "\x00", "\x01", "\b", "\v", "\f", "\r", "\n", "\x7f", "\u0085", "\u009b"}
	places := map[string]string{
		"x.csv":     "x.csv:3: column %d",
		"x.xlsx":    "x.xlsx: Blad1!%c3",
		"x.parquet": "x.parquet: row group 1, row 2, column %d",
	}
	cfg := testConfig(t)
	for col, name := range textHeader {
		for _, ctl := range controls {
			value := goodText.cells()[col]
			value = value[:1] + ctl + value[1:]
			files := textFiles(t, goodText, goodText.withCell(col, value))
			for file, content := range files {
				for _, kind := range Kinds {
					what := fmt.Sprintf("%s as %s, %q in %s", file, kind, ctl, name)
					rows, _, err := readRows(t, bytesSource(file, content), kind, cfg)
					folded := name == "category" && (ctl == "\n" || ctl == "\r") && kind == Complaints
					nulInText := ctl == "\x00" && file == "x.csv"
					if !readsColumn(kind, col) || folded {
						switch {
						case nulInText && err != nil && err.Error() == "x.csv:3: a NUL byte, which no text holds":
						case nulInText:
							t.Errorf("%s: %v, want the NUL refused", what, err)
						case err != nil || len(rows) != 2:
							t.Errorf("%s: %d rows, %v; want both rows", what, len(rows), err)
						case folded && rows[1].Category != "r efunds":
							t.Errorf("%s: category %q, want the line break folded", what, rows[1].Category)
						}
						continue
					}
					var de *DataError
					if !errors.As(err, &de) {
						t.Errorf("%s: %v, want a DataError", what, err)
						continue
					}
					r := []rune(ctl)[0]
					place := fmt.Sprintf(places[file], col+1)
					if file == "x.xlsx" {
						place = fmt.Sprintf(places[file], 'A'+col)
					}
					want := fmt.Sprintf("%s (%s): %q: %s", place, name, value, controlReason(r))
					if err.Error() != want || de.Value != value || de.Hint != controlHint {
						t.Errorf("%s:\n got %s\nwant %s", what, err, want)
					}
					if strings.ContainsFunc(err.Error(), unicode.IsControl) {
						t.Errorf("%s: the message holds a control character: %q", what, err)
					}
				}
			}
		}
	}
}

// TestTabIsNoControlCharacter: tab is allowed in a value, and around one
// it is white space.
func TestTabIsNoControlCharacter(t *testing.T) {
	r := textRecord{"\t2019-01", "SE\t", "\tarn", "fees\tand charges", "5\t", "\t3"}
	for file, content := range textFiles(t, r) {
		rows, _, err := readRows(t, bytesSource(file, content), Complaints, testConfig(t))
		if err != nil || len(rows) != 1 || rows[0].Category != "fees and charges" || rows[0].Count != 3 {
			t.Errorf("%s: %+v, %v", file, rows, err)
		}
	}
}

// TestLookalikeKeys: a category, channel or country written with its
// letters decomposed (as macOS writes them) or with an invisible format
// character is the one written plainly, in every format; its name is the
// precomposed one, without the format character.
func TestLookalikeKeys(t *testing.T) {
	tests := []struct {
		name                       string
		record                     textRecord
		country, channel, category string
	}{
		{"precomposed", textRecord{"2019-01", "SE", "Allm\u00e4nna reklamationsn\u00e4mnden", "\u00c5terbetalning", "5", "3"}, "SE", "arn", "\u00e5terbetalning"},
		{"decomposed", textRecord{"2019-01", "SE", "Allma\u0308nna reklamationsna\u0308mnden", "A\u030aterbetalning", "5", "3"}, "SE", "arn", "\u00e5terbetalning"},
		{"zero-width space", textRecord{"2019-01", "SE\u200b", "Konsumentverket\u200b", "fees\u200b", "5", "3"}, "SE", "konsumentverket", "fees"},
		{"soft hyphen, word joiner, byte-order mark", textRecord{"2019-01", "\ufeffSE", "kund\u00adservice", "late\u2060 fees", "5", "3"}, "SE", "customer_service", "late fees"},
	}
	for _, tt := range tests {
		for file, content := range textFiles(t, tt.record) {
			rows, _, err := readRows(t, bytesSource(file, content), Complaints, testConfig(t))
			if err != nil || len(rows) != 1 {
				t.Errorf("%s, %s: %+v, %v", tt.name, file, rows, err)
				continue
			}
			if r := rows[0]; r.Country != tt.country || r.Channel != tt.channel || r.Category != tt.category || r.Count != 3 {
				t.Errorf("%s, %s: country %+q, channel %+q, category %+q, count %d; want %+q, %+q, %+q, 3",
					tt.name, file, r.Country, r.Channel, r.Category, r.Count, tt.country, tt.channel, tt.category)
			}
		}
	}
}

// TestEscapeSequenceCategory: the category that would retitle and recolour
// a terminal is refused in every format, and the error shows it escaped.
func TestEscapeSequenceCategory(t *testing.T) {
	for file, content := range textFiles(t, goodText.withCell(3, evilCategory)) {
		_, _, err := readRows(t, bytesSource(file, content), Complaints, testConfig(t))
		if err == nil || !strings.Contains(err.Error(), `"\x1b]0;pwned\a\x1b[31mEVIL": a control character (U+001B ESC) in the value`) {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestControlChar(t *testing.T) {
	tests := []struct {
		s          string
		lineBreaks bool
		want       rune // -1: none
	}{
		{"", false, -1},
		{"plain text, 123", false, -1},
		{"tab\there", false, -1},
		{"Återbetalning – ½ € “quoted”", false, -1},
		{"\u00a0nbsp and \u00a0", false, -1},
		{"a\nb", false, '\n'},
		{"a\nb", true, -1},
		{"a\r\nb", true, -1},
		{"a\vb", true, '\v'},
		{"\x00", false, 0},
		{"ok\x1f", false, 0x1f},
		{"del\x7f", false, 0x7f},
		{"c1 \u0080", false, 0x80},
		{"csi \u009b31m", false, 0x9b},
		{"\u00a0 is not C1, \u0100 neither", false, -1},
		{"\xc2", false, -1},      // a cut sequence: not UTF-8, and no control character
		{"\x9b31m", false, -1},   // a lone 0x9b is not UTF-8: refused as such where text is checked
		{"é\u0085", false, 0x85}, // after another two-byte letter
	}
	for _, tt := range tests {
		r, ok := controlChar(tt.s, tt.lineBreaks)
		if !ok {
			r = -1
		}
		if r != tt.want {
			t.Errorf("controlChar(%q, %v) = %U, want %U", tt.s, tt.lineBreaks, r, tt.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain, åäö – €", "plain, åäö – €"},
		{"\x1b]0;pwned\a\x1b[31mEVIL", `\x1b]0;pwned\a\x1b[31mEVIL`},
		{"tab\tand\nline", `tab\tand\nline`},
		{"c1 \u009b and \u0085", `c1 \u009b and \u0085`},
		{"not utf-8 \xf6", `not utf-8 \xf6`},
		{"U+FFFD \ufffd stays", "U+FFFD \ufffd stays"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every part of an error that may come from data is escaped.
	e := &DataError{File: "evil\x1b[2J.csv", Place: "'Blad\x1b'!A1", Column: 1, Name: "n\x07", Value: "v\x1b", Reason: "bad \x9b"}
	if got := e.Error(); strings.ContainsFunc(got, unicode.IsControl) || !strings.Contains(got, `evil\x1b[2J.csv`) {
		t.Errorf("Error() = %q", got)
	}
}

// evilCategory would retitle a terminal, ring its bell and colour what
// follows red, were it printed as it is.
const evilCategory = "\x1b]0;pwned\x07\x1b[31mEVIL"

// TestBadFormatFixtures: testdata/bad holds the category that drives a
// terminal in each format, for the end-to-end tests (input_errors.txtar);
// -fixtures writes them anew.
func TestBadFormatFixtures(t *testing.T) {
	files := textFiles(t, goodText, goodText.withCell(3, evilCategory))
	for name, content := range files {
		path := filepath.Join("../../testdata/bad", "escape_sequence_category"+filepath.Ext(name))
		if *writeFixtures {
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := readRows(t, FileSource(path), Complaints, testConfig(t))
		if err == nil || !strings.HasSuffix(err.Error(), `(category): "\x1b]0;pwned\a\x1b[31mEVIL": a control character (U+001B ESC) in the value`) {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// hasControl tells a string that would act on a terminal rather than show.
func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

// TestCountryCodes: a country is an ISO 3166 code of two letters in either
// case; anything else is an error with its place, not a country of its
// own that the figures of SE would leave out, in every format. The hint
// names the two-letter code of a three-letter or numeric one.
func TestCountryCodes(t *testing.T) {
	tests := []struct {
		value, want, hint string // want "" for an error
	}{
		{"SE", "SE", ""},
		{"se", "SE", ""},
		{" No\t", "NO", ""},
		{"\u00a0DK\u00a0", "DK", ""},
		{"SE\u200b", "SE", ""}, // format characters are invisible: gone, as from a category
		{"\ufeffno", "NO", ""},
		{"D\u00adK", "DK", ""},
		{"SWE", "", "write SE: SWE is its three-letter code; a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"nor", "", "write NO: NOR is its three-letter code; a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"752", "", "write SE: 752 is its numeric code; a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"Sverige", "", "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"S E", "", "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"S1", "", "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"SÉ", "", "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"},
		{"ſe", "", "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"}, // upper-cases to SE, but is no code
	}
	for _, tt := range tests {
		files := textFiles(t, goodText, goodText.withCell(1, tt.value))
		for file, content := range files {
			rows, _, err := readRows(t, bytesSource(file, content), Transactions, testConfig(t))
			if tt.want != "" {
				if err != nil || len(rows) != 2 || rows[1].Country != tt.want {
					t.Errorf("%s: %q reads as %+v, %v", file, tt.value, rows, err)
				}
				continue
			}
			var de *DataError
			if !errors.As(err, &de) || de.Column != 2 || de.Value != tt.value || de.Reason != "not a two-letter country code" || de.Hint != tt.hint {
				t.Errorf("%s: %q: %v (hint %q)", file, tt.value, err, de.Hint)
			}
		}
		code, err := ParseCountry(tt.value)
		if code != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseCountry(%q) = %q, %v", tt.value, code, err)
		}
	}
}

// TestCountsAddUpBeyondInt64: the row whose count takes the sum of the
// kind beyond int64 is refused with its place, in every format, on both
// paths; the sum starts from the files read before (Config.CountBefore).
func TestCountsAddUpBeyondInt64(t *testing.T) {
	big := textRecord{"2019-01", "SE", "arn", "fees", "5", "9223372036854775000"}
	records := []textRecord{goodText, big, goodText.withCell(5, "800"), goodText.withCell(5, "7")}
	places := map[string]string{
		"x.csv":     "x.csv:5: column 6 (count)",
		"x.xlsx":    "x.xlsx: Blad1!F5 (count)",
		"x.parquet": "x.parquet: row group 1, row 4, column 6 (count)",
	}
	for file, content := range textFiles(t, records...) {
		for _, read := range []func(Source, Kind, Config, func(*Row) error) (FileStats, error){Read, ReadSummed} {
			// 3 + 9223372036854775000 + 800 fits; 7 more do not.
			_, err := read(bytesSource(file, content), Transactions, testConfig(t), func(*Row) error { return nil })
			want := places[file] + `: "7": the counts add up beyond 9223372036854775807 here`
			if err == nil || err.Error() != want {
				t.Errorf("%s:\n got %v\nwant %s", file, err, want)
			}
			// After files whose counts came to 2 short of the largest
			// int64, the first row (3) is one too many.
			cfg := testConfig(t)
			cfg.CountBefore = 9223372036854775805
			_, err = read(bytesSource(file, content), Transactions, cfg, func(*Row) error { return nil })
			if err == nil || !strings.Contains(err.Error(), `: "3": the counts add up beyond 9223372036854775807 here`) {
				t.Errorf("%s after other files: %v", file, err)
			}
		}
	}
}

// iso3166 are the 249 codes of ISO 3166-1 alpha-2, as tzdata's
// iso3166.tab lists them.
const iso3166 = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE
GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP
KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF
NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN
SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
ZM ZW`

// TestAssignedCountryCodes: of every pair of letters, the country column
// and --country take the 249 codes of ISO 3166-1 and XK (Kosovo, which the
// EU and banks use), in either case, and nothing else: not UK, EL, EU, the
// private-use XX or ZZ, the reserved AC or EA, the withdrawn YU or DD.
func TestAssignedCountryCodes(t *testing.T) {
	want := map[string]bool{"XK": true}
	for _, code := range strings.Fields(iso3166) {
		want[code] = true
	}
	if len(want) != 250 {
		t.Fatalf("%d codes in the list", len(want))
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			for _, v := range []string{code, strings.ToLower(code)} {
				got, ok := countryCode(v)
				if ok != want[code] || ok && got != code {
					t.Errorf("countryCode(%q) = %q, %v; want %v", v, got, ok, want[code])
				}
				_, err := ParseCountry(v)
				if (err == nil) != want[code] {
					t.Errorf("ParseCountry(%q): %v", v, err)
				}
			}
		}
	}
}

// TestCountryCodesNotAssigned: two letters that are no assigned code are
// refused in every format, with the code to write where there is one.
func TestCountryCodesNotAssigned(t *testing.T) {
	const general = "a country is a two-letter ISO 3166 code, such as SE, NO, DK or FI"
	tests := []struct{ value, hint string }{
		{"UK", "write GB: GB is the ISO 3166 code for the United Kingdom; UK is not one"},
		{"uk", "write GB: GB is the ISO 3166 code for the United Kingdom; UK is not one"},
		{"EL", "write GR: GR is the ISO 3166 code for Greece; EL is the EU's own abbreviation"},
		{"EU", "EU is not a country: write each row's country, such as SE or DE"},
		{"QO", "QO is a group of countries, not a country: write each row's country; " + general},
		{"DD", "write DE: DD is not an ISO 3166 code now, DE is; " + general},
		{"YU", "YU is a withdrawn ISO 3166 code, of a country that split: write the code of the row's country today; " + general},
		{"XX", general},
		{"EA", general},
		{"ZZ", general},
	}
	for _, tt := range tests {
		for file, content := range textFiles(t, goodText, goodText.withCell(1, tt.value)) {
			_, _, err := readRows(t, bytesSource(file, content), Transactions, testConfig(t))
			var de *DataError
			if !errors.As(err, &de) || de.Column != 2 || de.Value != tt.value || de.Reason != "not an ISO 3166 country code" || de.Hint != tt.hint {
				t.Errorf("%s: %q: %v, want the hint %q", file, tt.value, err, tt.hint)
			}
		}
		want := fmt.Sprintf("%q is not an ISO 3166 country code (%s)", tt.value, tt.hint)
		if _, err := ParseCountry(tt.value); err == nil || err.Error() != want {
			t.Errorf("ParseCountry(%q) = %v, want %s", tt.value, err, want)
		}
	}
}

// TestCellsRead: a channel or category cell read again is what it was read
// as the first time; a row's control character or unknown channel is
// refused however often the cell repeats (DEL too, which looks like
// printable ASCII); the cells kept are bounded.
func TestCellsRead(t *testing.T) {
	cols, derr := bindColumns(Complaints, []string{"month", "channel", "category"}, ',', nil)
	if derr != nil {
		t.Fatal(derr)
	}
	b := testConfigBucketer(t)
	var row Row
	for range 3 {
		for _, tt := range []struct{ channel, category, wantChannel, wantCategory string }{
			{"arn", "refund", "arn", "refund"},
			{"Allmänna reklamationsnämnden", "Återbetalning  av avgift ", "arn", "återbetalning av avgift"},
			{"Allma\u0308nna reklamationsna\u0308mnden", "A\u030aterbetalning av avgift", "arn", "återbetalning av avgift"}, // decomposed
			{"IMY", "Refund", "datainspektionen", "refund"},
			{"", "", "unspecified", UnspecifiedCategory},
		} {
			if err := cols.parse([]string{"2019-01", tt.channel, tt.category}, "SE", b, &row); err != nil || row.Channel != tt.wantChannel || row.Category != tt.wantCategory {
				t.Errorf("%q, %q: %q, %q (%v), want %q, %q", tt.channel, tt.category, row.Channel, row.Category, err, tt.wantChannel, tt.wantCategory)
			}
		}
		for _, bad := range [][]string{{"arn", "refund\x7f"}, {"arn", "Refund\x01"}, {"arn", "Åter\u0085"}, {"arn\x7f", "refund"}, {"ARN\x01", "refund"}, {"bogus", "refund"}} {
			if err := cols.parse(append([]string{"2019-01"}, bad...), "SE", b, &row); err == nil {
				t.Errorf("%q: read as %q, %q, want it refused", bad, row.Channel, row.Category)
			}
		}
	}
	if got := len(cols.channels); got != 5 {
		t.Errorf("%d channel cells kept, want 5: %q", got, cols.channels)
	}
	if got := len(cols.categories); got != 4 { // "refund" is already normal: not kept
		t.Errorf("%d category cells kept, want 4: %q", got, cols.categories)
	}
	for i := range maxCellsRead + 10 {
		if err := cols.parse([]string{"2019-01", "arn", fmt.Sprintf("Kategori %d", i)}, "SE", b, &row); err != nil || row.Category != fmt.Sprintf("kategori %d", i) {
			t.Fatalf("Kategori %d: %q (%v)", i, row.Category, err)
		}
	}
	if got := len(cols.categories); got != maxCellsRead {
		t.Errorf("%d category cells kept, want at most %d", got, maxCellsRead)
	}
	long := "Lång " + strings.Repeat("x", maxCellRead)
	cols.categories = nil
	if err := cols.parse([]string{"2019-01", "arn", long}, "SE", b, &row); err != nil || row.Category != strings.ToLower(long) || len(cols.categories) != 0 {
		t.Errorf("a cell of %d bytes: %q (%v), %d kept; want it read and not kept", len(long), row.Category, err, len(cols.categories))
	}
}
