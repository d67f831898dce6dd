package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/testenv"
)

var update = flag.Bool("update", false, "rewrite docs/report.png and the golden files from the actual output")

// artifactsEnv names a folder to keep the browser test's screenshots in
// (CI keeps it); without it they go to the test's temporary folder. Not a
// NOLLMISSION_ variable: the configuration refuses unknown ones.
const artifactsEnv = "TEST_ARTIFACTS_DIR"

const repoRoot = "../../.."

// domCell is a figure's cell as the browser renders it.
type domCell struct {
	Metric  string `json:"metric"`
	Period  string `json:"period"`
	Channel string `json:"channel"`
	Value   string `json:"value"`
	Note    string `json:"note"`
}

// box is a chart's rendered box.
type box struct {
	Kind    string  `json:"kind"`
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
	Visible bool    `json:"visible"`
}

// TestReportInBrowser opens the report, in English and in Swedish, from a
// file:// URL in headless Chromium: nothing is requested but the page, the
// console stays empty, every published figure of the sample is in the cell
// that shows it as the language writes it, each chart has a visible box,
// and the published total that does not add up carries its note.
func TestReportInBrowser(t *testing.T) {
	chromium := testenv.LookPath(t, "apt-get install chromium", "chromium", "chromium-browser", "google-chrome")
	start := time.Now()
	ctx := startBrowser(t, chromium)
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))

	rates := readCSV(t, "testdata/published/complaints_per_million.csv")
	external := readCSV(t, "testdata/published/external_complaints.csv")
	totals := readCSV(t, "testdata/published/external_complaints_published_totals.csv")
	surveys := readCSV(t, "testdata/published/csat_dsat.csv")

	for _, lang := range locale.Langs {
		t.Run(string(lang), func(t *testing.T) {
			begin := time.Now()
			page := filepath.Join(t.TempDir(), "report.html")
			html := renderSample(t, lang)
			if err := os.WriteFile(page, html, 0o644); err != nil {
				t.Fatal(err)
			}
			pageURL := (&url.URL{Scheme: "file", Path: page}).String()

			tab, cancel := chromedp.NewContext(ctx)
			defer cancel()
			var mu sync.Mutex
			var requests, problems []string
			if err := chromedp.Listen(tab, func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *network.EventRequestWillBeSent:
					requests = append(requests, e.Request.URL)
				case *runtime.EventConsoleAPICalled:
					problems = append(problems, fmt.Sprintf("console.%s", e.Type))
				case *runtime.EventExceptionThrown:
					problems = append(problems, "exception: "+e.ExceptionDetails.Text)
				case *log.EventEntryAdded:
					problems = append(problems, fmt.Sprintf("log %s: %s", e.Entry.Level, e.Entry.Text))
				}
			}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab, chromedp.EmulateViewport(1200, 1500), chromedp.Navigate(pageURL)); err != nil {
				t.Fatal(err)
			}
			cells, err := chromedp.Run(tab, chromedp.Evaluate[[]domCell](`Array.from(document.querySelectorAll('td[data-metric]')).map(td => ({
				metric: td.dataset.metric, period: td.dataset.period, channel: td.dataset.channel || "",
				value: td.querySelector('.value').textContent,
				note: td.querySelector('.cell-note') ? td.querySelector('.cell-note').textContent : ""}))`))
			if err != nil {
				t.Fatal(err)
			}
			boxes, err := chromedp.Run(tab, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll('figure.chart')).map(f => {
				const svg = f.querySelector('svg'), r = svg.getBoundingClientRect(), s = getComputedStyle(svg);
				return {kind: f.dataset.chart, width: r.width, height: r.height,
					visible: s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0};
			})`))
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			saveArtifact(t, "report_"+string(lang)+".png", shot)
			if *update && lang == locale.English {
				top, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(repoRoot, "docs", "report.png"), top, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if lang == locale.English {
				checkPrint(t, tab)
			}
			t.Logf("%s: rendered, read and photographed in %v", lang, time.Since(begin).Round(time.Millisecond))

			mu.Lock()
			defer mu.Unlock()
			for _, r := range requests {
				if r != pageURL {
					t.Errorf("the page requested %s", r)
				}
			}
			if len(requests) == 0 {
				t.Error("no request seen, not even the page's: are network events heard?")
			}
			if len(problems) > 0 {
				t.Errorf("console: %q", problems)
			}

			byKey := map[[3]string]domCell{}
			for _, c := range cells {
				byKey[[3]string{c.Metric, c.Period, c.Channel}] = c
			}
			expect := func(metric, period, channel, want string) {
				t.Helper()
				c, ok := byKey[[3]string{metric, period, channel}]
				switch {
				case !ok:
					t.Errorf("no cell for %s %s %s", metric, period, channel)
				case c.Value != want:
					t.Errorf("%s %s %s = %q, want %q", metric, period, channel, c.Value, want)
				}
			}
			for _, r := range rates {
				expect("rate", r[0], "", r[1])
			}
			sums := map[string]int{}
			for _, r := range external {
				n, _ := strconv.Atoi(r[2])
				sums[r[0]] += n
				expect("complaints", r[0], r[1], r[2])
			}
			// The total row is computed from the authorities, not copied: where
			// the published total does not add up (December 2019: 58, but the
			// authorities add up to 52), the cell shows 52 and says so.
			mismatched := 0
			for _, r := range totals {
				expect("complaints", r[0], "external", strconv.Itoa(sums[r[0]]))
				note := byKey[[3]string{"complaints", r[0], "external"}].Note
				if strconv.Itoa(sums[r[0]]) == r[1] {
					if note != "" {
						t.Errorf("%s total matches but has the note %q", r[0], note)
					}
					continue
				}
				mismatched++
				if !strings.Contains(note, r[1]) || !strings.Contains(note, strconv.Itoa(sums[r[0]])) {
					t.Errorf("%s total: note %q does not give the published %s and the sum %d", r[0], note, r[1], sums[r[0]])
				}
			}
			if mismatched != 1 {
				t.Errorf("%d published totals do not add up, want 1 (December 2019)", mismatched)
			}
			percent := func(s string) string {
				if lang == locale.Swedish {
					return strings.Replace(s, ".", ",", 1) + " %"
				}
				return s + "%"
			}
			for _, r := range surveys {
				expect("csat_percent", r[0], "", percent(r[1]))
				expect("dsat_percent", r[0], "", percent(r[2]))
			}
			checked := len(rates) + len(external) + len(totals) + 2*len(surveys)
			if checked != 32+120+30+10 {
				t.Errorf("checked %d published figures", checked)
			}

			kinds := map[string]bool{}
			for _, b := range boxes {
				kinds[b.Kind] = true
				if !b.Visible || b.Width < 100 || b.Height < 50 {
					t.Errorf("chart %s: %.0f × %.0f, visible %v", b.Kind, b.Width, b.Height, b.Visible)
				}
			}
			if len(boxes) != 4 || !kinds["rate"] || !kinds["control"] || !kinds["breakdown"] || !kinds["csat"] {
				t.Errorf("charts: %+v", boxes)
			}
		})
	}
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

// a4Content is the width of an A4 page inside the print stylesheet's
// margins (210 mm − 2 × 12 mm), in CSS pixels.
const a4Content = 703 // 186 / 25.4 × 96

// checkPrint lays the page out for print at the width of A4 and asserts
// that nothing is wider than the paper, then prints it to PDF on A4.
func checkPrint(t *testing.T, tab context.Context) {
	t.Helper()
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(int64(a4Content), 1000)); err != nil {
		t.Fatal(err)
	}
	widths, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth].concat(
		Array.from(document.querySelectorAll('table, figure svg')).map(e => e.getBoundingClientRect().right))`))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range widths {
		if w > a4Content+1 {
			t.Errorf("printed on A4, element %d reaches %.0f px, wider than the page's %d", i, w, a4Content)
		}
	}
	pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4),
		func(p *page.PrintToPDFParams) { css := true; p.PreferCSSPageSize = &css }))
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || pages < 2 {
		t.Errorf("the print is not a PDF of several pages (%d bytes, %d pages)", len(pdf), pages)
	}
	saveArtifact(t, "report_en.pdf", pdf)
	t.Logf("printed on A4: %d pages", pages)
}

// startBrowser starts headless Chromium with the flags this machine needs
// (no sandbox as root; no background connections, which a closed network
// refuses) and a fresh profile; it stops with the test.
func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 1500),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("cannot start %s: %v", path, err)
	}
	return ctx
}

// renderSample renders the report of the sample, checked against the
// published figures that ship with it.
func renderSample(t *testing.T, lang locale.Lang) []byte {
	t.Helper()
	opts, out := sampleOptions(t)
	opts.Lang = lang
	opts.Published = []string{filepath.Join(repoRoot, "pkg", "sample", "data", "published.csv")}
	if err := reportRun(opts); err != nil {
		t.Fatal(err)
	}
	return bytes.Clone(out.Bytes())
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

func saveArtifact(t *testing.T, name string, b []byte) {
	t.Helper()
	dir := os.Getenv(artifactsEnv)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
