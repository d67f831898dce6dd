package cmdutil

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/exit"
)

// yearArg is an argument that is a year: `nollmission rate 2019` means
// --year 2019.
var yearArg = regexp.MustCompile(`^[0-9]{4}$`)

// HintYearArgs makes an argument a command refuses a usage error, and one
// that is a four-digit year one that says --year: it wraps the argument
// check of every command below root that has no subcommands.
func HintYearArgs(root *cobra.Command) {
	for _, c := range root.Commands() {
		if c.HasSubCommands() {
			HintYearArgs(c)
			continue
		}
		check := c.Args
		if check == nil {
			continue // takes any argument
		}
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := check(cmd, args)
			if err == nil {
				return nil
			}
			// A year given to a command that takes no argument.
			if takesNone := check(cmd, nil) == nil && check(cmd, []string{"2019"}) != nil && check(cmd, []string{"2019", "2018"}) != nil; takesNone {
				for _, a := range args {
					if yearArg.MatchString(a) {
						return yearArgError(cmd, a)
					}
				}
			}
			var ee *exit.Error
			if errors.As(err, &ee) {
				return err // the command's own words
			}
			return exit.UsageError(fmt.Sprintf("run '%s --help' for its flags", cmd.CommandPath()), "%v", err)
		}
	}
}

// RootArgs is the root command's argument check: a command name, else an
// unknown command, with the commands it is closest to or, for a year,
// --year.
func RootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if yearArg.MatchString(args[0]) {
		return exit.UsageError(fmt.Sprintf("did you mean --year %s? Name a command first: %s rate --year %s", args[0], cmd.Name(), args[0]),
			"unknown command %q for %q", args[0], cmd.CommandPath())
	}
	hint := fmt.Sprintf("run '%s --help' for the commands", cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default
	}
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		hint = "did you mean " + strings.Join(near, " or ") + "?"
	}
	return exit.UsageError(hint, "unknown command %q for %q", args[0], cmd.CommandPath())
}

func yearArgError(cmd *cobra.Command, year string) error {
	if cmd.Flags().Lookup("year") == nil {
		return exit.UsageError(fmt.Sprintf("%s has no --year: run '%s --help' for its flags", cmd.Name(), cmd.CommandPath()),
			"unexpected argument %q for %q", year, cmd.CommandPath())
	}
	return exit.UsageError(fmt.Sprintf("did you mean --year %s? (%s --year %s)", year, cmd.CommandPath(), year),
		"unexpected argument %q for %q", year, cmd.CommandPath())
}
