package cmdutil

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/input"
)

// annotationReads is the annotation in which a command declares the kinds
// of data it may read (Reads).
const annotationReads = "nollmission/reads"

// Reads declares the kinds of data cmd may read (none for a command that
// reads no data files). The input flags are every command's, and a config
// file may name every kind for every command; a file named on the command
// line for a kind the command does not read gets a note (unreadNotes), and
// load.Dataset refuses to read a kind the command did not declare, so that
// the declaration stays true. A command without a declaration (config,
// which shows the settings) gets no note.
func Reads(cmd *cobra.Command, kinds ...input.Kind) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	cmd.Annotations[annotationReads] = strings.Join(names, ",")
}

// ReadsOf is what cmd declared with Reads; false when it declared nothing.
func ReadsOf(cmd *cobra.Command) ([]input.Kind, bool) {
	v, ok := cmd.Annotations[annotationReads]
	if !ok {
		return nil, false
	}
	kinds := []input.Kind{}
	for _, name := range strings.Split(v, ",") {
		if k, err := input.ParseKind(name); err == nil {
			kinds = append(kinds, k)
		}
	}
	return kinds, true
}

// kindsOnCommandLine are the kinds whose input flag cmd's command line
// gives.
func kindsOnCommandLine(cmd *cobra.Command) []input.Kind {
	var kinds []input.Kind
	for _, k := range input.Kinds {
		if fl := cmd.Flags().Lookup(k.String()); fl != nil && fl.Changed {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// unreadNotes says on stderr, a line each, which input flags given on the
// command line cmd does not read, and which commands do: the file is
// ignored, even one that does not exist. Files from the environment or the
// config file, which serve every command, get none.
func unreadNotes(w io.Writer, cmd *cobra.Command, onCommandLine []input.Kind) {
	declared, ok := ReadsOf(cmd)
	if !ok {
		return
	}
	for _, k := range onCommandLine {
		if slices.Contains(declared, k) {
			continue
		}
		fl := cmd.Flags().Lookup(k.String())
		var readers []string
		for _, c := range cmd.Root().Commands() {
			if kinds, ok := ReadsOf(c); ok && slices.Contains(kinds, k) {
				readers = append(readers, c.Name())
			}
		}
		slices.Sort(readers)
		who := ""
		switch n := len(readers); n {
		case 0:
		case 1:
			who = fmt.Sprintf(" (%s does)", readers[0])
		default:
			who = fmt.Sprintf(" (%s and %s do)", strings.Join(readers[:n-1], ", "), readers[n-1])
		}
		var files []string
		if list, ok := fl.Value.(pflag.SliceValue); ok {
			files = list.GetSlice()
		}
		fmt.Fprintf(w, "nollmission: %s does not read %s%s: %s ignored\n", cmd.Name(), k.Flag(), who, input.Printable(strings.Join(files, ", ")))
	}
}
