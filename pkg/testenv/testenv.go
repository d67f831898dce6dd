// Package testenv lets tests that need a real program (PostgreSQL,
// Chromium, DuckDB's Node.js package) find it, and skip with the package to
// install when it is absent, unless CI requires every such test to run.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// RequireVar is the environment variable that turns a skip for a missing
// program into a failure; .ci/run sets it after installing the programs.
// It is not NOLLMISSION_…: the tool refuses variables of its own prefix
// that set nothing.
const RequireVar = "REQUIRE_EXTERNAL_PROGRAMS"

// Missing skips t (or fails it, when RequireVar is 1) because what is not
// on this machine; install says how to get it, such as
// "apt-get install postgresql".
func Missing(t testing.TB, what, install string) {
	t.Helper()
	if os.Getenv(RequireVar) == "1" {
		t.Fatalf("%s is not available and %s=1: %s", what, RequireVar, install)
	}
	t.Skipf("%s is not available: %s (set %s=1 to make this a failure)", what, install, RequireVar)
}

// LookPath returns the path of the first of names found on PATH or as an
// absolute path; when none is, it calls Missing.
func LookPath(t testing.TB, install string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(t, names[0], install)
	return ""
}
