package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nollmission/nollmission/pkg/atomicfile"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

// TestMain lets the scripts and the tests run nollmission as a real
// process, the way a user does: exit codes, streams and signals included.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"nollmission": func() {
			if os.Getenv(holdTempEnv) != "" {
				os.Unsetenv(holdTempEnv) // not a setting: the config refuses unknown NOLLMISSION_ variables
				holdTemp()
			}
			os.Exit(runProgram(os.Args[1:], "test"))
		},
	})
}

// holdTempEnv, set in the environment of the tests' nollmission command,
// makes it stop once the --out file's temporary file is written, say so on
// stderr, and wait there until its standard input closes: a known moment
// for a test to send a signal. The program itself has no such switch.
const holdTempEnv = "NOLLMISSION_TEST_HOLD_TEMP"

// holdingPrefix starts the line on stderr that names the held file.
const holdingPrefix = "test: holding "

func holdTemp() {
	atomicfile.HookTempWritten = func(tmp string) {
		fmt.Fprintf(os.Stderr, "%s%s\n", holdingPrefix, tmp)
		io.Copy(io.Discard, os.Stdin)
	}
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
