package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/sample"
)

// run runs nollmission in-process and returns its exit code and streams.
func run(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := root.Main(args, &cmdutil.IOStreams{In: bytes.NewReader(stdin), Out: &out, ErrOut: &errOut}, "test")
	return code, out.String(), errOut.String()
}

// records reads one of the embedded sample's files.
func records(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := fs.ReadFile(sample.FS(), "data/"+name)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// dialect writes records as a spreadsheet or a warehouse would.
type dialect struct {
	delimiter rune
	crlf      bool
	bom       bool
	sepLine   bool
	encode    func(t *testing.T, s string) []byte // nil: UTF-8
	compress  func(t *testing.T, b []byte) []byte // nil: none
}

func (d dialect) write(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var b strings.Builder
	if d.sepLine {
		b.WriteString("sep=" + string(d.delimiter) + "\r\n")
	}
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = d.delimiter, d.crlf
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if d.bom {
		s = "\uFEFF" + s
	}
	out := []byte(s)
	if d.encode != nil {
		out = d.encode(t, s)
	}
	if d.compress != nil {
		out = d.compress(t, out)
	}
	return out
}

func windows1252(t *testing.T, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16LE(t *testing.T, s string) []byte {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstded(t *testing.T, b []byte) []byte {
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(b, nil)
}

// swedish renames the sample's channels as a Swedish export spells them,
// and adds a column (ignored) with Swedish letters to every file, so that
// a Windows-1252 file has bytes that are not UTF-8.
func swedish(recs [][]string) [][]string {
	names := map[string]string{
		"customer_service": "Kundtjänst", "social_media": "Sociala medier", "konsumentverket": "Konsumentverket",
		"datainspektionen": "Datainspektionen", "arn": "Allmänna reklamationsnämnden", "finansinspektionen": "Finansinspektionen",
	}
	out := make([][]string, len(recs))
	channel := -1
	for i, rec := range recs {
		row := append([]string{}, rec...)
		if i == 0 {
			for j, h := range row {
				if h == "channel" {
					channel = j
				}
			}
			row = append(row, "anmärkning")
		} else {
			if channel >= 0 {
				row[channel] = names[row[channel]]
			}
			row = append(row, "från kassan; överförd")
		}
		out[i] = row
	}
	return out
}

// TestDialectsGiveSameFigures: the embedded sample written in each dialect
// gives byte-identical figures; only the inputs list tells them apart.
func TestDialectsGiveSameFigures(t *testing.T) {
	tx, cp := records(t, "transactions.csv"), records(t, "complaints.csv")
	type input struct{ delimiter, encoding, compression string }
	tests := []struct {
		name   string
		d      dialect
		swede  bool   // Swedish channel names and letters
		stdin  bool   // transactions through standard input
		want   input  // each file's dialect in the inputs list
		path   string // the transactions file's path in the inputs list, when not the file's
		suffix string
	}{
		{name: "comma", d: dialect{delimiter: ','}, want: input{",", "utf-8", "none"}},
		{name: "semicolon BOM CRLF (Swedish Excel, CSV UTF-8)", d: dialect{delimiter: ';', crlf: true, bom: true}, swede: true, want: input{";", "utf-8", "none"}},
		{name: "Windows-1252 semicolon CRLF (Swedish Excel, CSV)", d: dialect{delimiter: ';', crlf: true, encode: windows1252}, swede: true, want: input{";", "windows-1252", "none"}},
		{name: "Excel sep= line", d: dialect{delimiter: ';', crlf: true, sepLine: true}, want: input{";", "utf-8", "none"}},
		{name: "tab", d: dialect{delimiter: '\t'}, want: input{"\t", "utf-8", "none"}},
		{name: "UTF-16 tab (Excel Unicode Text)", d: dialect{delimiter: '\t', crlf: true, encode: utf16LE}, swede: true, want: input{"\t", "utf-16le", "none"}},
		{name: "gzip", d: dialect{delimiter: ',', compress: gzipped}, want: input{",", "utf-8", "gzip"}, suffix: ".csv.gz"},
		{name: "zstd, whatever the name", d: dialect{delimiter: ';', crlf: true, encode: windows1252, compress: zstded}, swede: true, want: input{";", "windows-1252", "zstd"}},
		{name: "stdin, zstd", d: dialect{delimiter: ',', compress: zstded}, stdin: true, want: input{",", "utf-8", "zstd"}, path: "<stdin>"},
	}
	base := rateJSON(t, nil, "rate", "-o", "json",
		"--transactions", writeTemp(t, "tx.csv", dialect{delimiter: ','}.write(t, tx)),
		"--complaints", writeTemp(t, "cp.csv", dialect{delimiter: ','}.write(t, cp)))
	checkPublished(t, base)
	sampleRun := rateJSON(t, nil, "rate", "-o", "json")
	if !bytes.Equal(sampleRun["months"], base["months"]) || !bytes.Equal(sampleRun["years"], base["years"]) {
		t.Errorf("the sample's files read from disk give other figures than the embedded sample")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txRecs, cpRecs := tx, cp
			if tt.swede {
				txRecs, cpRecs = swedish(tx), swedish(cp)
			}
			txPath := writeTemp(t, "transactions"+tt.suffix, tt.d.write(t, txRecs))
			cpPath := writeTemp(t, "complaints"+tt.suffix, tt.d.write(t, cpRecs))
			var stdin []byte
			args := []string{"rate", "-o", "json", "--transactions", txPath, "--complaints", cpPath}
			if tt.stdin {
				stdin, args[4] = tt.d.write(t, txRecs), "-"
			}
			doc := rateJSON(t, stdin, args...)
			for _, part := range []string{"months", "years"} {
				if !bytes.Equal(doc[part], base[part]) {
					t.Errorf("%s differ from the comma-separated files':\n%s", part, doc[part])
				}
			}
			var inputs []struct {
				Kind, Path, Delimiter, Encoding, Compression string
				Rows                                         int64
			}
			if err := json.Unmarshal(doc["inputs"], &inputs); err != nil {
				t.Fatal(err)
			}
			wantPaths := map[string]string{"transactions": txPath, "complaints": cpPath}
			wantRows := map[string]int64{"transactions": int64(len(tx) - 1), "complaints": int64(len(cp) - 1)}
			if tt.path != "" {
				wantPaths["transactions"] = tt.path
			}
			if len(inputs) != 2 {
				t.Fatalf("inputs = %+v", inputs)
			}
			for _, in := range inputs {
				got := input{in.Delimiter, in.Encoding, in.Compression}
				if got != tt.want || in.Path != wantPaths[in.Kind] || in.Rows != wantRows[in.Kind] {
					t.Errorf("input %+v, want %+v, path %s, %d rows", in, tt.want, wantPaths[in.Kind], wantRows[in.Kind])
				}
			}
		})
	}
}

// TestGlobOfShards: complaints split into one file per year and named by a
// glob give the same figures as the whole file.
func TestGlobOfShards(t *testing.T) {
	tx, cp := records(t, "transactions.csv"), records(t, "complaints.csv")
	dir := t.TempDir()
	byYear := map[string][][]string{}
	for _, rec := range cp[1:] {
		byYear[rec[0][:4]] = append(byYear[rec[0][:4]], rec)
	}
	for year, recs := range byYear {
		d := dialect{delimiter: ','}
		if year == "2019" {
			d = dialect{delimiter: ';', crlf: true, bom: true, compress: gzipped} // shards may differ in dialect
		}
		if err := os.WriteFile(filepath.Join(dir, "complaints-"+year+".csv"), d.write(t, append([][]string{cp[0]}, recs...)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	txPath := writeTemp(t, "tx.csv", dialect{delimiter: ','}.write(t, tx))
	whole := rateJSON(t, nil, "rate", "-o", "json", "--transactions", txPath, "--complaints", writeTemp(t, "cp.csv", dialect{delimiter: ','}.write(t, cp)))
	shards := rateJSON(t, nil, "rate", "-o", "json", "--transactions", txPath, "--complaints", filepath.Join(dir, "complaints-*.csv"))
	if len(byYear) < 2 || !bytes.Equal(whole["months"], shards["months"]) || !bytes.Equal(whole["years"], shards["years"]) {
		t.Errorf("%d shards give other figures than the whole file", len(byYear))
	}
}

// checkPublished compares the computed rates, rounded as published (half
// away from zero, whole numbers), with testdata/published.
func checkPublished(t *testing.T, doc map[string]json.RawMessage) {
	t.Helper()
	var months []struct {
		Month string   `json:"month"`
		Rate  *float64 `json:"rate"`
	}
	var years []struct {
		Year int      `json:"year"`
		Rate *float64 `json:"rate"`
	}
	if err := json.Unmarshal(doc["months"], &months); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc["years"], &years); err != nil {
		t.Fatal(err)
	}
	computed := map[string]float64{}
	for _, m := range months {
		if m.Rate != nil {
			computed[m.Month] = math.Round(*m.Rate)
		}
	}
	for _, y := range years {
		if y.Rate != nil {
			computed[strconv.Itoa(y.Year)] = math.Round(*y.Rate)
		}
	}
	f, err := os.Open("../../testdata/published/complaints_per_million.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	published, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range published[1:] {
		want, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := computed[rec[0]]; !ok || got != want {
			t.Errorf("rate %s = %v, published %v", rec[0], got, want)
		}
	}
}

func rateJSON(t *testing.T, stdin []byte, args ...string) map[string]json.RawMessage {
	t.Helper()
	code, out, errOut := run(t, stdin, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if slices.Contains(args, "--transactions") && errOut != "" {
		t.Errorf("stderr is not empty when all goes well: %q", errOut)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func writeTemp(t *testing.T, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBadInputCorpus: every file of testdata/bad fails with exit 3, a
// message that starts with its name, a hint, and nothing on stdout. The
// messages themselves are checked in testdata/script/input_errors.txtar.
func TestBadInputCorpus(t *testing.T) {
	good := map[string]string{
		"transactions": writeTemp(t, "tx.csv", []byte("month,country,transactions\n2019-01,SE,4286139\n")),
		"complaints":   writeTemp(t, "cp.csv", []byte("month,country,channel,complaints\n2019-01,SE,kundservice,197\n")),
	}
	// The kind each file is bad as, and any flag it needs to be bad.
	corpus := map[string][]string{
		"after_quote.csv":                    {"complaints"},
		"bare_quote.csv":                     {"complaints"},
		"bom_only.csv":                       {"transactions"},
		"c1_control_country.csv":             {"transactions"},
		"counts_add_up_beyond_int64.csv":     {"transactions"},
		"damaged_under_a_row.csv.gz":         {"transactions"},
		"empty.csv":                          {"transactions"},
		"empty_count.csv":                    {"transactions"},
		"empty_country.csv":                  {"transactions"},
		"escape_sequence_category.csv":       {"complaints"},
		"escape_sequence_category.parquet":   {"complaints"},
		"escape_sequence_category.xlsx":      {"complaints"},
		"formula_without_value.xlsx":         {"complaints"},
		"fractional_count_decimal_comma.csv": {"complaints"},
		"header_after_blank_bad_date.tsv":    {"transactions"},
		"image.png":                          {"transactions"},
		"impossible_date.csv":                {"transactions"},
		"missing_period_column.csv":          {"transactions"},
		"mixed_encodings.csv":                {"complaints"},
		"month_13.csv":                       {"transactions"},
		"multiline_then_bad.csv":             {"complaints"},
		"negative_count.csv":                 {"transactions"},
		"non_numeric_count.csv":              {"transactions"},
		"nul_bytes.csv":                      {"transactions"},
		"overflow_count.csv":                 {"transactions"},
		"parquet_footer_claims.parquet":      {"transactions"},
		"ragged_row.csv":                     {"transactions"},
		"semicolon_read_as_comma.csv":        {"transactions", "--delimiter", "comma"},
		"sep_line_windows1252.csv":           {"complaints"},
		"short_row.csv":                      {"transactions"},
		"three_letter_country.csv":           {"transactions"},
		"truncated.csv.gz":                   {"transactions"},
		"unknown_channel.csv":                {"complaints"},
		"unterminated_quote.csv":             {"complaints"},
		"workbook.xlsx":                      {"complaints"},
	}
	entries, err := os.ReadDir("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		seen++
		spec, ok := corpus[e.Name()]
		if !ok {
			t.Errorf("testdata/bad/%s: add it to this test and to testdata/script/input_errors.txtar", e.Name())
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			path := filepath.Join("../../testdata/bad", e.Name())
			args := []string{"rate", "--transactions", good["transactions"], "--complaints", good["complaints"]}
			args = append(args, spec[1:]...)
			if spec[0] == "transactions" {
				args[2] = path
			} else {
				args[4] = path
			}
			code, out, errOut := run(t, nil, args...)
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if code != exit.BadInput || out != "" || len(lines) != 2 ||
				!strings.HasPrefix(lines[0], "nollmission: "+path) || !strings.HasPrefix(lines[1], "hint: ") {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
			}
		})
	}
	if seen < 15 || seen != len(corpus) {
		t.Errorf("%d files in testdata/bad, %d in this test; want them the same and at least 15", seen, len(corpus))
	}
}
