// Command nollmission computes the Nollmission's figures from CSV exports.
package main

import (
	"os"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(root.Main(os.Args[1:], cmdutil.System(), version))
}
