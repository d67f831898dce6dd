// Command gensample writes the sample data embedded in nollmission: it reads
// the published figures and writes the files of package gen's Generate.
//
// Usage:
//
//	gensample -published DIR -out DIR
package main

import (
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/nollmission/nollmission/pkg/sample/gen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gensample: ")
	published := flag.String("published", "", "directory of the published CSV files")
	out := flag.String("out", "", "directory to write the sample files to")
	flag.Parse()
	if *published == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gensample -published DIR -out DIR")
		os.Exit(2)
	}

	files, err := gen.Generate(*published)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(*out, name), files[name], 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
