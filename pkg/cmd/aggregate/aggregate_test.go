package aggregate

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
)

// The flag layer picks the one kind given and refuses anything else.
func TestNewCmdAggregateFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantKind input.Kind
		wantCode int // 0: valid
	}{
		{name: "transactions", args: []string{"--transactions", "tx.csv"}, wantKind: input.Transactions},
		{name: "complaints, several files", args: []string{"--complaints", "a.csv", "--complaints", "b.csv"}, wantKind: input.Complaints},
		{name: "surveys", args: []string{"--surveys", "s.csv"}, wantKind: input.Surveys},
		{name: "no input", args: nil, wantCode: exit.Usage},
		{name: "two kinds", args: []string{"--transactions", "tx.csv", "--surveys", "s.csv"}, wantCode: exit.Usage},
		{name: "no -o: count rows are CSV", args: []string{"--transactions", "tx.csv", "-o", "csv"}, wantCode: exit.Usage},
		{name: "--kind chooses among kinds given", args: []string{"--transactions", "tx.csv", "--surveys", "s.csv", "--kind", "Surveys"}, wantKind: input.Surveys},
		{name: "--kind of the one kind given", args: []string{"--complaints", "c.csv", "--kind", "complaints"}, wantKind: input.Complaints},
		{name: "--kind of a kind not given", args: []string{"--transactions", "tx.csv", "--kind", "surveys"}, wantCode: exit.Usage},
		{name: "--kind unknown", args: []string{"--transactions", "tx.csv", "--kind", "purchases"}, wantCode: exit.Usage},
		{name: "--kind without input", args: []string{"--kind", "surveys"}, wantCode: exit.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := cmdutil.TestStreams()
			f := &cmdutil.Factory{IOStreams: ios, Config: config.New()}
			var got *Options
			cmd := NewCmdAggregate(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError) // as root does
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantCode != 0 {
				var ee *exit.Error
				if !errors.As(err, &ee) || ee.Code != tt.wantCode {
					t.Fatalf("err = %v, want exit code %d", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.wantKind {
				t.Errorf("kind %s, want %s", got.Kind, tt.wantKind)
			}
		})
	}
}
