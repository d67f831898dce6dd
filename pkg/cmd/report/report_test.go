package report

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/sample"
)

// sampleOptions are the options of a run on the embedded sample with its
// targets, as the command has them with no config file.
func sampleOptions(t *testing.T) (*Options, *bytes.Buffer) {
	t.Helper()
	ios, out, _ := cmdutil.TestStreams()
	var doc struct {
		Targets []any `yaml:"targets"`
	}
	if err := yaml.Unmarshal(sample.TargetsYAML(), &doc); err != nil {
		t.Fatal(err)
	}
	targets, err := config.ParseTargets(doc.Targets)
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
