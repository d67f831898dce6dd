package aggregate

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
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
			ios, _, _ := cmdtest.Streams()
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

// TestCountRows checks the count rows end to end through aggregateRun:
// sorted by month, country, channel, category; a file without a category
// column and the category unspecified are one row, even with categories
// between "" and "unspecified" in name order; rows are merged across the
// chunks they are written in.
func TestCountRows(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"a.csv": "month,country,channel,category,complaints\n2019-01,SE,arn,unspecified,2\n2019-01,SE,arn,refunds,1\n2019-01,NO,arn,fees,4\n",
		"b.csv": "month,country,channel,complaints\n2019-01,SE,arn,3\n2019-02,SE,arn,1\n",
	})
	defer func(n int) { chunk = n }(chunk)
	chunk = 1 // a row per chunk: the two cells of unspecified are in two
	ios, out, _ := cmdtest.Streams()
	opts := &Options{IO: ios, Kind: input.Complaints, Data: load.Options{
		Files:   map[input.Kind][]string{input.Complaints: {filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}},
		Country: "SE", Timezone: "Europe/Stockholm", Quiet: true}}
	if err := aggregateRun(opts); err != nil {
		t.Fatal(err)
	}
	want := "month,country,channel,category,complaints\n" +
		"2019-01,NO,arn,fees,4\n" +
		"2019-01,SE,arn,refunds,1\n" +
		"2019-01,SE,arn,unspecified,5\n" +
		"2019-02,SE,arn,unspecified,1\n"
	if out.String() != want {
		t.Errorf("count rows:\n%s\nwant:\n%s", out, want)
	}
}
