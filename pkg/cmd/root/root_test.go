package root

import (
	"slices"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/input"
)

// TestCommandsDeclareTheirKinds: every command but config declares the
// kinds of data it may read (the notes on input flags a command does not
// read are made from them, and load.Dataset holds each command to its
// declaration), as the commands' own reading has them.
func TestCommandsDeclareTheirKinds(t *testing.T) {
	ios, _, _ := cmdtest.Streams()
	root := NewCmdRoot(&cmdutil.Factory{IOStreams: ios, Config: config.New()})
	all := []input.Kind{input.Transactions, input.Complaints, input.Surveys}
	want := map[string][]input.Kind{
		"rate": all[:2], "progress": all[:2], "compare": all[:2], "control": all[:2], "breakdown": all[:2],
		"csat": {input.Surveys}, "chart": all, "report": all, "verify": all, "aggregate": all, "sql": {},
	}
	for _, c := range root.Commands() {
		kinds, ok := cmdutil.ReadsOf(c)
		w, declared := want[c.Name()]
		if ok != declared || !slices.Equal(kinds, w) {
			t.Errorf("%s declares %v (%v), want %v (%v)", c.Name(), kinds, ok, w, declared)
		}
	}
}
