package cmdutil

import (
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
)

// annotationFileArgs marks a command whose arguments are files it reads
// (verify's published figures); annotationFileFlag marks a flag whose
// values are (report --published).
const (
	annotationFileArgs = "nollmission_file_args"
	annotationFileFlag = "nollmission_file_flag"
)

// FileArgs declares that cmd's arguments are files it reads, for the check
// that --out names none of them.
func FileArgs(cmd *cobra.Command) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[annotationFileArgs] = "true"
}

// FileFlag declares that the values of cmd's flag name are files it reads.
func FileFlag(cmd *cobra.Command, name string) {
	_ = cmd.Flags().SetAnnotation(name, annotationFileFlag, []string{"true"})
}

// CheckOutNotInput refuses --out FILE when FILE is one the run reads: an
// input file (however named: a link, ./, a glob, standard input redirected
// from it), a published-figures file or the config file. The output would
// replace it, exit 0, and the next run would read the table as data.
func CheckOutNotInput(cmd *cobra.Command, args []string, out string, in io.Reader, cfg *config.Config) error {
	outInfo, err := os.Stat(out)
	if err != nil {
		return nil // not there yet: nothing to replace
	}
	clash := func(what string) error {
		return exit.UsageError("write the output to another file: it would replace the input",
			"--out %s is also read by this run (%s)", input.Printable(out), what)
	}
	same := func(name string) bool {
		info, err := os.Stat(name)
		return err == nil && os.SameFile(info, outInfo)
	}
	var found error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if found != nil || !isFileFlag(fl) {
			return
		}
		values, err := cmd.Flags().GetStringArray(fl.Name)
		if err != nil {
			return
		}
		for _, v := range values {
			for _, name := range input.Matches(v) {
				if name != "-" && same(name) {
					found = clash("--" + fl.Name + " " + input.Printable(name))
					return
				}
			}
		}
	})
	if found != nil {
		return found
	}
	if cmd.Annotations[annotationFileArgs] == "true" {
		for _, a := range args {
			for _, name := range input.Matches(a) {
				if name != "-" && same(name) {
					return clash("the file " + input.Printable(name))
				}
			}
		}
	}
	if f, ok := in.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && os.SameFile(info, outInfo) {
			return clash("standard input")
		}
	}
	if file, _ := cfg.File(); file != "" && same(file) {
		return clash("--config " + input.Printable(file))
	}
	return nil
}

// isFileFlag tells the flags whose values are files read: the input kinds'
// and those declared by FileFlag.
func isFileFlag(fl *pflag.Flag) bool {
	for _, k := range input.Kinds {
		if fl.Name == k.String() {
			return true
		}
	}
	return len(fl.Annotations[annotationFileFlag]) > 0
}
