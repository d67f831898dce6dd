package chart

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerminalGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		chart Chart
		opt   TerminalOptions
	}{
		{"rate_sv_80", rateChart(true), TerminalOptions{Width: 80}},
		{"rate_gap_en_60", rateYearWithGap(), TerminalOptions{Width: 60}},
		{"control_en_100", controlChart(false), TerminalOptions{Width: 100}},
		{"control_sv_80_color", controlChart(true), TerminalOptions{Width: 80, Color: true}},
		{"survey_sv_72", surveyChart(true), TerminalOptions{Width: 72}},
		{"breakdown_en_80", breakdownChart(false), TerminalOptions{Width: 80}},
		{"breakdown_sv_48", breakdownChart(true), TerminalOptions{Width: 48}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Terminal(&b, tc.chart, tc.opt); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".txt", b.Bytes())
			out := b.String()
			if !tc.opt.Color && strings.Contains(out, "\x1b") {
				t.Error("escape codes without colour asked for")
			}
			if tc.opt.Color && !strings.Contains(out, "\x1b[") {
				t.Error("no colour although asked for")
			}
			for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if n := utf8.RuneCountInString(stripANSI(line)); n > tc.opt.Width {
					t.Errorf("line %d is %d columns, wider than %d: %q", i+1, n, tc.opt.Width, line)
				}
			}
		})
	}
}

// row finds the terminal chart's row for a month label.
func row(t *testing.T, out, label string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, label+" ") {
			return line
		}
	}
	t.Fatalf("no row %q in\n%s", label, out)
	return ""
}

// monthRows returns the n rows under the (first) axis.
func monthRows(t *testing.T, out string, n int) []string {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.Contains(line, "┬") && i+n < len(lines) {
			return lines[i+1 : i+1+n]
		}
	}
	t.Fatalf("no axis in\n%s", out)
	return nil
}

func terminal(t *testing.T, c Chart, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := Terminal(&b, c, TerminalOptions{Width: width}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTerminalGapAndZero(t *testing.T) {
	c := rateYearWithGap()
	c.Rate.Values[7], c.Rate.Texts[7] = ptr(0), "0" // August: purchases, no complaints
	out := terminal(t, c, 60)
	july, august, june := row(t, out, "Jul"), row(t, out, "Aug"), row(t, out, "Jun")
	if strings.ContainsAny(july, "█▏▎▍▌▋▊▉") || !strings.HasSuffix(july, "–") {
		t.Errorf("July has no figure: want no bar and –, got %q", july)
	}
	if strings.ContainsAny(august, "█▏▎▍▌▋▊▉") || !strings.HasSuffix(august, " 0") {
		t.Errorf("August is zero: want no bar and 0, got %q", august)
	}
	if !strings.Contains(june, "█") || !strings.HasSuffix(june, " 40") {
		t.Errorf("June: want a bar and 40, got %q", june)
	}
	// The target line shows where the bar does not cover it.
	if !strings.Contains(row(t, out, "Nov"), "│") {
		t.Errorf("November (17, below the target 33) lacks the target mark")
	}
}

func TestTerminalSignals(t *testing.T) {
	c := controlChart(true)
	out := terminal(t, c, 90)
	rows := monthRows(t, out, len(c.Months))
	labels, _ := (&termChart{frame: &c.Frame}).rowLabels()
	for i, rules := range c.Signals {
		line := rows[i]
		if !strings.HasPrefix(line, labels[i]+" ") {
			t.Fatalf("row %d is %q, want it to start with %q", i, line, labels[i])
		}
		if len(rules) == 0 {
			if strings.Contains(line, "◆") || !strings.Contains(line, "●") {
				t.Errorf("%s does not signal: want a dot, got %q", labels[i], line)
			}
			continue
		}
		if !strings.HasSuffix(line, "◆ "+ruleList(rules)) || strings.Contains(line, "●") {
			t.Errorf("%s signals rules %v: got %q", labels[i], rules, line)
		}
	}
}

func TestTerminalBarLengths(t *testing.T) {
	// 0, 25, 50, 100 on a 0–100 scale of 80 columns: 0, 20, 40, 80 blocks.
	c := &RateChart{
		Frame: Frame{Months: []string{"A", "B", "C", "D"}},
		Rate:  Series{Values: ptrs(0, 25, 50, 100), Texts: []string{"0", "25", "50", "100"}},
	}
	out := terminal(t, c, 1+1+80+1+3+ /* room the scale cannot use evenly */ 0)
	for label, blocks := range map[string]int{"A": 0, "B": 20, "C": 40, "D": 80} {
		if got := strings.Count(row(t, out, label), "█"); got != blocks {
			t.Errorf("%s: %d blocks, want %d\n%s", label, got, blocks, out)
		}
	}
}

func TestTerminalTooNarrow(t *testing.T) {
	var b bytes.Buffer
	err := Terminal(&b, rateChart(false), TerminalOptions{Width: 30})
	if err == nil || !strings.Contains(err.Error(), "at least 40 columns") || b.Len() != 0 {
		t.Errorf("width 30: err %v, %d bytes written", err, b.Len())
	}
	long := rateYearWithGap()
	long.Rate.Texts[0] = strings.Repeat("9", 40)
	err = Terminal(&b, long, TerminalOptions{Width: 50})
	if err == nil || !strings.Contains(err.Error(), "no room") || b.Len() != 0 {
		t.Errorf("a 40-column value in 50 columns: err %v, %d bytes written", err, b.Len())
	}
}
