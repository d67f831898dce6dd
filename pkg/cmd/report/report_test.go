package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
)

// sampleOptions are the options of a run on the embedded sample with its
// targets, as the command has them with no config file.
func sampleOptions(t *testing.T) (*Options, *bytes.Buffer) {
	t.Helper()
	ios, out, _ := cmdtest.Streams()
	targets, err := config.SampleTargets()
	if err != nil {
		t.Fatal(err)
	}
	return &Options{
		IO:            ios,
		Data:          load.Options{Country: "SE", Timezone: "Europe/Stockholm", Quiet: true},
		Lang:          locale.English,
		Format:        FormatHTML,
		Targets:       targets,
		TargetsSource: config.SourceDefault,
	}, out
}

// TestHTMLIsSelfContainedAndDeterministic: the same data gives the same
// bytes, and the page refers to nothing outside itself.
func TestHTMLIsSelfContainedAndDeterministic(t *testing.T) {
	var pages [2][]byte
	for i := range pages {
		opts, out := sampleOptions(t)
		opts.Lang = locale.Swedish
		if err := reportRun(opts); err != nil {
			t.Fatal(err)
		}
		pages[i] = out.Bytes()
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Error("two runs gave different pages")
	}
	html := string(pages[0])
	for _, outside := range []string{"<script", "<link", "<img", "src=", "@import", "url(", "http://", "https://"} {
		if strings.Contains(strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, ""), outside) {
			t.Errorf("the page contains %q", outside)
		}
	}
	if n := strings.Count(html, "<svg "); n != 4 {
		t.Errorf("%d inline charts, want 4", n)
	}
}

func TestMarkdownEscapesDataValues(t *testing.T) {
	if got := cell("a|b *c* <i>\nd"); got != `a\|b \*c\* \<i\> d` {
		t.Errorf("cell = %q", got)
	}
	// An entity would be read as the character it names: t&amp;x.csv
	// shown as t&x.csv.
	if got := md("t&amp;x.csv"); got != `t\&amp;x.csv` {
		t.Errorf("md = %q", got)
	}
}
