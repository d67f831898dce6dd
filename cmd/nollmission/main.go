// Command nollmission computes the Nollmission's figures from CSV exports.
package main

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "github.com/nollmission/nollmission/cmd/nollmission/internal/heapwarm" // first: see the package
	"github.com/nollmission/nollmission/pkg/atomicfile"
	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/gcpace"
)

// version may be set at build time: -ldflags "-X main.version=v1.2.3";
// otherwise the build info gives it (buildVersion).
var version = "dev"

func main() {
	info, _ := debug.ReadBuildInfo() // nil when the binary has none
	os.Exit(runProgram(os.Args[1:], buildVersion(version, info)))
}

// runProgram is the program without its exit, shared with the tests'
// nollmission command.
func runProgram(args []string, version string) int {
	stop := removeTempsOnSignal()
	defer stop()
	gcpace.Start()
	return root.Main(args, cmdutil.System(), version)
}

// removeTempsOnSignal makes SIGINT and SIGTERM remove the temporary files
// (an --out being written, Parquet copied from a pipe: atomicfile makes
// every one the program makes), so that none is left for a later glob to
// read, and then exit as
// a shell reports a signal: 128 + its number (130, 143). The output file
// itself is left as it was. stop restores the default handling.
func removeTempsOnSignal() (stop func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			atomicfile.RemoveTemps()
			code := 128 + int(syscall.SIGINT)
			if s, ok := sig.(syscall.Signal); ok {
				code = 128 + int(s)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}
