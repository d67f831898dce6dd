package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

// TestMain lets the scripts run nollmission as a real process, the way a
// user does: exit codes and streams included.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"nollmission": func() { os.Exit(root.Main(os.Args[1:], cmdutil.System(), "test")) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script. Expected
// output lives in the scripts; go test ./cmd/nollmission -update rewrites it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// $TESTDATA reaches the shared test files, such as the corpus of bad inputs.
			dir, err := filepath.Abs("../../testdata")
			env.Setenv("TESTDATA", dir)
			return err
		},
	})
}
