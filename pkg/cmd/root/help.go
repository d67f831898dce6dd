package root

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/exit"
)

// strictHelpAndCompletion makes `help TOPIC` and `completion SHELL` refuse
// what they do not know, as every other command does (exit 2): cobra's
// own print the root's help, or the completion command's, and exit 0.
func strictHelpAndCompletion(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			run := c.Run
			c.Run = nil
			c.RunE = func(c *cobra.Command, args []string) error {
				target, rest, err := c.Root().Find(args)
				switch {
				case err != nil:
					return exit.UsageError(fmt.Sprintf("run '%s --help' for the commands", c.Root().Name()), "%v", err)
				case len(rest) > 0: // a topic that is no command: said as for a command
					return cmdutil.RootArgs(target, rest)
				}
				run(c, args)
				return nil
			}
		case "completion":
			var shells []string
			for _, s := range c.Commands() {
				shells = append(shells, s.Name())
			}
			c.Args = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					return nil
				}
				return exit.UsageError(fmt.Sprintf("name one of %s", strings.Join(shells, ", ")), "unknown shell %q for %q", args[0], c.CommandPath())
			}
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
}
