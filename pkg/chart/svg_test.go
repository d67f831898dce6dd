package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata (and the example PNGs)")

// goldenCharts are the charts whose SVG is kept under testdata.
func goldenCharts() []struct {
	name  string
	chart Chart
	png   bool // also keep a PNG example (not compared: raster output is looked at, not diffed)
} {
	return []struct {
		name  string
		chart Chart
		png   bool
	}{
		{"rate_en", rateChart(false), false},
		{"rate_sv", rateChart(true), true},
		{"rate_gap_en", rateYearWithGap(), false},
		{"rate_small_sv", smallRateChart(), false},
		{"control_en", controlChart(false), false},
		{"control_sv", controlChart(true), true},
		{"survey_en", surveyChart(false), false},
		{"survey_sv", surveyChart(true), true},
		{"breakdown_en", breakdownChart(false), false},
		{"breakdown_sv", breakdownChart(true), true},
	}
}

func TestSVGGolden(t *testing.T) {
	for _, tc := range goldenCharts() {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := SVG(&got, tc.chart, Options{}); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".svg", got.Bytes())
			if tc.png && *update {
				var png bytes.Buffer
				if err := PNG(&png, tc.chart, Options{}); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join("testdata", tc.name+".png"), png.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/chart -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is meant):\n%s", name, firstDifference(got, want))
	}
}

func firstDifference(got, want []byte) string {
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g + "\nwant: " + w
		}
	}
	return "(same lines, different bytes)"
}

// TestSVGDeterministic renders each chart twice, from two separately built
// but equal inputs, and wants the same bytes.
func TestSVGDeterministic(t *testing.T) {
	first, second := goldenCharts(), goldenCharts()
	for i := range first {
		var a, b bytes.Buffer
		if err := SVG(&a, first[i].chart, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := SVG(&b, second[i].chart, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renderings differ:\n%s", first[i].name, firstDifference(a.Bytes(), b.Bytes()))
		}
	}
}

// element is an SVG element with the classes of the groups around it.
type element struct {
	name    string
	attrs   map[string]string
	text    string
	parents []map[string]string // attributes of the enclosing elements, innermost last
	depth   int
}

func parseSVG(t *testing.T, doc []byte) []*element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var all, open []*element
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name.Local, attrs: map[string]string{}, depth: len(open)}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			for _, p := range open {
				e.parents = append(e.parents, p.attrs)
			}
			all = append(all, e)
			open = append(open, e)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				open[len(open)-1].text += string(tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in the SVG", tok)
		}
	}
	return all
}

func render(t *testing.T, c Chart) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := SVG(&b, c, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSVGIsSelfContained checks what the report relies on: <title> and
// <desc> first, no script, no reference outside the document, and no text
// outside the picture or over other text on its line.
func TestSVGIsSelfContained(t *testing.T) {
	for _, tc := range goldenCharts() {
		t.Run(tc.name, func(t *testing.T) {
			doc := render(t, tc.chart)
			if !bytes.HasPrefix(doc, []byte("<svg ")) {
				t.Errorf("document starts %q, want the root <svg> first", doc[:min(20, len(doc))])
			}
			elements := parseSVG(t, doc)
			var children []*element
			for _, e := range elements {
				if e.depth == 1 {
					children = append(children, e)
				}
			}
			f := tc.chart.frame()
			if len(children) < 2 || children[0].name != "title" || children[1].name != "desc" {
				t.Fatalf("first children of <svg> are not <title>, <desc>")
			}
			if children[0].text != f.Title || children[1].text != f.Desc {
				t.Errorf("title/desc = %q / %q, want %q / %q", children[0].text, children[1].text, f.Title, f.Desc)
			}
			for _, e := range elements {
				if e.name == "script" || e.name == "foreignObject" {
					t.Errorf("<%s> in the SVG", e.name)
				}
				for name, value := range e.attrs {
					if strings.HasPrefix(name, "on") {
						t.Errorf("event handler %s on <%s>", name, e.name)
					}
					if (name == "href" || strings.Contains(value, "url(")) && !strings.HasPrefix(value, "data:") {
						t.Errorf("<%s %s=%q>: a reference outside the document", e.name, name, value)
					}
				}
			}
			checkTextLayout(t, elements)
		})
	}
}

// checkTextLayout wants every horizontal text inside the viewBox and apart
// from the other texts on its baseline, by the widths the layout measured.
func checkTextLayout(t *testing.T, elements []*element) {
	t.Helper()
	root := elements[0]
	box := strings.Fields(root.attrs["viewBox"])
	width, _ := strconv.ParseFloat(box[2], 64)
	type span struct {
		x0, x1 float64
		text   string
	}
	lines := map[string][]span{}
	for _, e := range elements {
		if e.name != "text" || e.attrs["transform"] != "" {
			continue
		}
		x, _ := strconv.ParseFloat(e.attrs["x"], 64)
		length, err := strconv.ParseFloat(e.attrs["textLength"], 64)
		if err != nil {
			t.Errorf("text %q has no textLength", e.text)
		}
		if x < 0 || x+length > width+0.01 {
			t.Errorf("text %q spans %.1f–%.1f, outside the picture's width %.1f", e.text, x, x+length, width)
		}
		lines[e.attrs["y"]] = append(lines[e.attrs["y"]], span{x, x + length, e.text})
	}
	for y, spans := range lines {
		slices.SortFunc(spans, func(a, b span) int { return int((a.x0 - b.x0) * 100) })
		for i := 1; i < len(spans); i++ {
			if spans[i].x0 < spans[i-1].x1+2 {
				t.Errorf("at y=%s, %q (%.1f–%.1f) touches %q (%.1f–%.1f)", y,
					spans[i-1].text, spans[i-1].x0, spans[i-1].x1, spans[i].text, spans[i].x0, spans[i].x1)
			}
		}
	}
}

func texts(elements []*element) []string {
	var out []string
	for _, e := range elements {
		if e.name == "text" {
			out = append(out, e.text)
		}
	}
	return out
}

// groups returns the <g> elements of a class.
func groups(elements []*element, class string) []*element {
	var out []*element
	for _, e := range elements {
		if e.name == "g" && e.attrs["class"] == class {
			out = append(out, e)
		}
	}
	return out
}

// inside returns the elements drawn inside group g.
func inside(elements []*element, g *element) []*element {
	var out []*element
	start := slices.Index(elements, g)
	for _, e := range elements[start+1:] {
		if e.depth <= g.depth {
			break
		}
		out = append(out, e)
	}
	return out
}

func dataMonths(gs []*element) []int {
	var months []int
	for _, g := range gs {
		m, err := strconv.Atoi(g.attrs["data-month"])
		if err != nil {
			continue
		}
		months = append(months, m)
	}
	return months
}

func TestControlChartMarksItsSignals(t *testing.T) {
	c := controlChart(false)
	var wantMonths []int
	var wantRules []string
	for i, rules := range c.Signals {
		if len(rules) > 0 {
			wantMonths = append(wantMonths, i)
			wantRules = append(wantRules, ruleList(rules))
		}
	}
	if len(wantMonths) < 3 {
		t.Fatalf("fixture signals only in months %v; want a few", wantMonths)
	}
	elements := parseSVG(t, render(t, c))
	signals := groups(elements, "signal")
	if got := dataMonths(signals); !slices.Equal(got, wantMonths) {
		t.Fatalf("signal marks in months %v, want %v", got, wantMonths)
	}
	for i, g := range signals {
		if g.attrs["data-rules"] != wantRules[i] {
			t.Errorf("month %d: data-rules %q, want %q", wantMonths[i], g.attrs["data-rules"], wantRules[i])
		}
		var marker, ruleText bool
		for _, e := range inside(elements, g) {
			marker = marker || (e.name == "path" && e.attrs["fill"] == hexColor(limitRed))
			ruleText = ruleText || (e.name == "text" && e.text == wantRules[i])
		}
		if !marker || !ruleText {
			t.Errorf("month %d: red marker %v, rule text %q %v", wantMonths[i], marker, wantRules[i], ruleText)
		}
	}
	// Months that do not signal keep the round dot, and are not marked.
	points := dataMonths(groups(elements, "rate-point"))
	for _, m := range wantMonths {
		if slices.Contains(points, m) {
			t.Errorf("month %d signals but also has an ordinary dot", m)
		}
	}
	if len(points)+len(wantMonths) != len(c.Months) {
		t.Errorf("%d dots and %d signals for %d months", len(points), len(wantMonths), len(c.Months))
	}
	// The limits step: one level a month, so as many distinct heights as
	// the fixture's purchases give.
	for _, class := range []string{"upper-limit", "lower-limit"} {
		g := groups(elements, class)
		if len(g) != 1 {
			t.Fatalf("%d %s groups", len(g), class)
		}
		paths := inside(elements, g[0])
		if len(paths) != 1 || strings.Count(paths[0].attrs["d"], "L") != 2*len(c.Months)-1 {
			t.Errorf("%s: want one stepped path with a level a month, got %v", class, paths)
		}
	}
}

func TestGapIsNotZero(t *testing.T) {
	c := rateYearWithGap() // July (month 6) has no purchases
	elements := parseSVG(t, render(t, c))
	points := dataMonths(groups(elements, "rate-point"))
	if slices.Contains(points, 6) || len(points) != 11 {
		t.Errorf("dots in months %v, want all but 6", points)
	}
	if got := moves(inside(elements, groups(elements, "rate-line")[0])); got != 2 {
		t.Errorf("the line is %d pieces, want two: January–June and August–December", got)
	}

	// A lone month between gaps is a dot without a line.
	lone := rateYearWithGap()
	lone.Rate.Values = []*float64{nil, ptr(30), nil, ptr(20), ptr(25), nil, nil, nil, nil, nil, nil, nil}
	lone.Rate.Texts = nil
	elements = parseSVG(t, render(t, lone))
	if got := dataMonths(groups(elements, "rate-point")); !slices.Equal(got, []int{1, 3, 4}) {
		t.Errorf("dots in months %v, want [1 3 4]", got)
	}
	line := inside(elements, groups(elements, "rate-line")[0])
	if len(line) != 1 || moves(line) != 1 || strings.Count(line[0].attrs["d"], "L") != 1 {
		t.Errorf("want one segment, April to May, got %v", line)
	}
}

// moves counts the pieces of the paths: their move-to commands.
func moves(paths []*element) int {
	n := 0
	for _, p := range paths {
		n += strings.Count(p.attrs["d"], "M")
	}
	return n
}

func TestSwedishLabels(t *testing.T) {
	all := strings.Join(texts(parseSVG(t, render(t, rateChart(true)))), "|")
	for _, want := range []string{"Maj", "Mål 2020: 28", "Helår 2019: 33", "Klagomål per miljon köp", "2019"} {
		if !strings.Contains(all, want) {
			t.Errorf("Swedish rate chart lacks %q", want)
		}
	}
	for _, unwanted := range []string{"May", "Oct"} {
		if strings.Contains(all, unwanted) {
			t.Errorf("Swedish rate chart has %q", unwanted)
		}
	}

	// Tick labels with decimals take the caller's decimal separator.
	ticks := texts(parseSVG(t, render(t, smallRateChart())))
	if !slices.Contains(ticks, "0,2") || !slices.Contains(ticks, "1,4") || slices.Contains(ticks, "0.2") || !slices.Contains(ticks, "Okt") {
		t.Errorf("ticks %q: want Okt, and 0,2 and 1,4 with a decimal comma", ticks)
	}
	// Percentages take the caller's percent suffix.
	ticks = texts(parseSVG(t, render(t, surveyChart(true))))
	if !slices.Contains(ticks, "86\u00a0%") || !slices.Contains(ticks, "4\u00a0%") {
		t.Errorf("survey ticks %q: want 86 %% and 4 %% as Swedish writes them", ticks)
	}
}

// TestMonthLabelsFit renders 12 to 48 months at two widths and wants the
// month labels apart (checkTextLayout), the first month and each year's
// first month labelled.
func TestMonthLabelsFit(t *testing.T) {
	for _, n := range []int{12, 18, 24, 30, 36, 48} {
		for _, width := range []int{480, 800, 1200} {
			for _, first := range []int{7, 12} { // from July, from December: a part year first
				t.Run(strconv.Itoa(n)+"x"+strconv.Itoa(width)+"from"+strconv.Itoa(first), func(t *testing.T) {
					values := make([]float64, n)
					for i := range values {
						values[i] = float64(20 + i%7*3)
					}
					labels, years := monthsFrom(monthsSV, 2018, first, n)
					c := &RateChart{
						Frame: Frame{Title: "T", Months: labels, Years: years, Numbers: swedish},
						Rate:  Series{Values: ptrs(values...)},
					}
					var b bytes.Buffer
					if err := SVG(&b, c, Options{Width: width}); err != nil {
						t.Fatal(err)
					}
					elements := parseSVG(t, b.Bytes())
					checkTextLayout(t, elements)
					all := texts(elements)
					for i := 1; i < n; i++ { // a lone December may give way to January
						if years[i] != years[i-1] && !slices.Contains(all, years[i]) {
							t.Errorf("year %s not labelled", years[i])
						}
					}
					if first == 7 && !slices.Contains(all, years[0]) {
						t.Errorf("first year %s not labelled", years[0])
					}
				})
			}
		}
	}
}

// smallRateChart has rates around one per million, so its ticks need
// decimals.
func smallRateChart() *RateChart {
	return &RateChart{
		Frame: Frame{Title: "Klagomål per miljon köp", Desc: "Små tal.", Months: monthsSV,
			YLabel: "per miljon", Numbers: swedish},
		Rate:   Series{Values: ptrs(1.2, 0.9, 1.4, 0.7, 0.8, 1.1, 1.6, 0.6, 0.9, 1.0, 0.5, 0.4)},
		Target: &Line{Value: 0.8, Label: "Mål: 0,8"},
	}
}
