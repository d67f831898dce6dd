package chart

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleOptions are a run on the embedded sample with its targets.
func sampleOptions(t *testing.T, kind string, format Format, lang locale.Lang, year int) (*Options, *bytes.Buffer) {
	t.Helper()
	ios, out, _ := cmdtest.Streams()
	targets, err := config.SampleTargets()
	if err != nil {
		t.Fatal(err)
	}
	return &Options{IO: ios, Data: load.Options{Country: "SE", Timezone: "Europe/Stockholm", Quiet: true},
		Kind: kind, Format: format, Lang: lang, Year: year, By: analysis.ByChannel,
		Columns: 80, Targets: targets, TargetsSource: config.SourceDefault}, out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./pkg/cmd/chart -update rewrites it; read the diff)", name)
	}
}

// TestGolden: each chart of the sample, to the byte, in both languages and
// as a terminal chart; the same run twice gives the same bytes.
func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		name   string
		kind   string
		format Format
		lang   locale.Lang
		year   int
		by     analysis.Grouping
		want   []string // texts the chart must carry
	}{
		{"rate_en.svg", KindRate, FormatSVG, locale.English, 0, "", []string{"<title>Complaints per million purchases, Sweden</title>", "Target 2020: 28", "Full year 2019: 33"}},
		{"rate_2020_sv.svg", KindRate, FormatSVG, locale.Swedish, 2020, "", []string{"Mål 2020: 28", "2020 hittills i år: 11", ">Maj<"}},
		{"control_sv.svg", KindControl, FormatSVG, locale.Swedish, 0, "", []string{"<title>Styrdiagram (Laney u′)", "Mittlinje 26,1", "Signal (regel)"}},
		{"csat_sv.svg", KindCSAT, FormatSVG, locale.Swedish, 0, "", []string{"COPC världsklass: över 85 %", "84,0 %"}},
		{"breakdown_2019_en.svg", KindBreakdown, FormatSVG, locale.English, 2019, analysis.ByChannel, []string{"Customer service", "Allmänna reklamationsnämnden"}},
		{"breakdown_category_en.svg", KindBreakdown, FormatSVG, locale.English, 2019, analysis.ByCategory, nil},
		{"rate_2019_sv.txt", KindRate, FormatTerminal, locale.Swedish, 2019, "", []string{"Klagomål per miljon köp, Sverige", "Maj"}},
		{"control_2019_en.txt", KindControl, FormatTerminal, locale.English, 2019, "", []string{"Control chart"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var runs [2][]byte
			for i := range runs {
				opts, out := sampleOptions(t, tt.kind, tt.format, tt.lang, tt.year)
				if tt.by != "" {
					opts.By = tt.by
				}
				if err := chartRun(opts); err != nil {
					t.Fatal(err)
				}
				runs[i] = out.Bytes()
			}
			if !bytes.Equal(runs[0], runs[1]) {
				t.Error("two runs gave different bytes")
			}
			golden(t, tt.name, runs[0])
			for _, w := range tt.want {
				if !bytes.Contains(runs[0], []byte(w)) {
					t.Errorf("the chart lacks %q", w)
				}
			}
			if tt.format == FormatSVG && !bytes.HasPrefix(runs[0], []byte("<svg ")) || bytes.Contains(runs[0], []byte("<script")) {
				t.Error("not a plain SVG document")
			}
		})
	}
}

func TestPNG(t *testing.T) {
	opts, out := sampleOptions(t, KindCSAT, FormatPNG, locale.Swedish, 0)
	if err := chartRun(opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\x89PNG\r\n\x1a\n")) || out.Len() < 10000 {
		t.Errorf("not a PNG chart: %d bytes", out.Len())
	}
}

func TestFormatOf(t *testing.T) {
	var pipe bytes.Buffer // not a terminal
	for _, tt := range []struct {
		asked, out string
		want       Format
	}{
		{"auto", "rate.svg", FormatSVG}, {"auto", "Rate.SVG", FormatSVG}, {"auto", "dir/c.png", FormatPNG},
		{"auto", "", FormatSVG}, {"auto", "-", FormatSVG},
		{"terminal", "", FormatTerminal}, {"png", "", FormatPNG}, {"SVG", "rate.svg", FormatSVG},
		{"terminal", "rate.txt", FormatTerminal},
	} {
		if got, err := formatOf(tt.asked, tt.out, &pipe); err != nil || got != tt.want {
			t.Errorf("formatOf(%q, %q) = %q, %v", tt.asked, tt.out, got, err)
		}
	}
	for _, bad := range []struct{ asked, out string }{
		{"auto", "rate.pdf"}, {"auto", "rate"}, {"auto", "rate.svg.txt"}, {"png", "rate.svg"}, {"pdf", ""},
	} {
		_, err := formatOf(bad.asked, bad.out, &pipe)
		var ee *exit.Error
		if !errors.As(err, &ee) || ee.Code != exit.Usage {
			t.Errorf("formatOf(%q, %q) = %v, want a usage error", bad.asked, bad.out, err)
		}
	}
}

// TestTargetsOfOtherData: the sample's targets are not drawn on other data.
func TestTargetsOfOtherData(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	opts, out := sampleOptions(t, KindRate, FormatSVG, locale.English, 0)
	opts.Data.Files = cmdutil.FilesOf(config.Settings{
		Transactions: []string{write("tx.csv", "month,country,transactions\n2020-01,SE,1000000\n2020-02,SE,2000000\n")},
		Complaints:   []string{write("cp.csv", "month,country,complaints\n2020-01,SE,30\n2020-02,SE,50\n")},
	})
	if err := chartRun(opts); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	if strings.Contains(svg, "Target") {
		t.Error("the sample's target is drawn on other data")
	}
	if !strings.Contains(svg, "2020 year to date: 27") { // 80 / 3,000,000 × 1,000,000 = 26.7
		t.Error("no year-to-date line")
	}
}
