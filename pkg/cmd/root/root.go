// Package root assembles the commands and maps every error to its exit code,
// in one place.
package root

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmd/aggregate"
	"github.com/nollmission/nollmission/pkg/cmd/breakdown"
	"github.com/nollmission/nollmission/pkg/cmd/chart"
	"github.com/nollmission/nollmission/pkg/cmd/compare"
	"github.com/nollmission/nollmission/pkg/cmd/configcmd"
	"github.com/nollmission/nollmission/pkg/cmd/control"
	"github.com/nollmission/nollmission/pkg/cmd/csat"
	"github.com/nollmission/nollmission/pkg/cmd/progress"
	"github.com/nollmission/nollmission/pkg/cmd/rate"
	"github.com/nollmission/nollmission/pkg/cmd/report"
	"github.com/nollmission/nollmission/pkg/cmd/sql"
	"github.com/nollmission/nollmission/pkg/cmd/verify"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
)

const flagOut = "out"

// NewCmdRoot builds the nollmission command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "nollmission",
		Short: "Compute the Nollmission's complaint and satisfaction figures from CSV exports",
		Long: `nollmission computes the figures of a "zero complaints" programme (complaints
per million purchases, progress toward targets, customer satisfaction) from
raw CSV exports, exactly and the same way every time.

With no input files it runs on an embedded, illustrative sample.`,
		Version:       f.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Runnable, so that its own argument check words an unknown
		// command (a year: --year); alone it prints the help, as before.
		Args: cmdutil.RootArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	cmd.SetIn(f.IOStreams.In)
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.SetFlagErrorFunc(cmdutil.FlagError)
	cmdutil.AddDataFlags(cmd)
	cmd.PersistentFlags().String(config.KeyConfig, "", "config `file` (default: ./"+config.DefaultFile+" when it exists)")
	// The environment's and the config file's settings land in the flags
	// before any command runs (a command that sets its own hook gets them
	// from f.Common).
	cmd.PersistentFlags().String(flagOut, "", "write the output to `file` instead of stdout: whole, or not at all if the run fails")
	cmd.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c == cmd {
			return nil // the help: no settings to read
		}
		if err := f.ApplyConfig(c); err != nil {
			return err
		}
		if out, _ := c.Flags().GetString(flagOut); out != "" {
			if out != "-" {
				if err := cmdutil.CheckOutNotInput(c, args, out, f.IOStreams.In, f.Config); err != nil {
					return err
				}
			}
			f.IOStreams.RedirectOut(out)
		}
		return nil
	}
	cmd.AddCommand(rate.NewCmdRate(f, nil))
	cmd.AddCommand(progress.NewCmdProgress(f, nil))
	cmd.AddCommand(configcmd.NewCmdConfig(f, nil))
	cmd.AddCommand(breakdown.NewCmdBreakdown(f, nil))
	cmd.AddCommand(aggregate.NewCmdAggregate(f, nil))
	cmd.AddCommand(csat.NewCmdCSAT(f, nil))
	cmd.AddCommand(verify.NewCmdVerify(f, nil))
	cmd.AddCommand(compare.NewCmdCompare(f, nil))
	cmd.AddCommand(control.NewCmdControl(f, nil))
	cmd.AddCommand(chart.NewCmdChart(f, nil))
	cmd.AddCommand(report.NewCmdReport(f, nil))
	cmd.AddCommand(sql.NewCmdSQL(f, nil))
	cmdutil.HintYearArgs(cmd)
	strictHelpAndCompletion(cmd)
	cmdutil.RegisterCompletions(cmd)
	return cmd
}

// Main runs nollmission with args and returns the exit code. Errors are
// printed here, once: one line, and a hint when there is one.
func Main(args []string, ios *cmdutil.IOStreams, version string) int {
	f := &cmdutil.Factory{IOStreams: ios, Config: config.New(), Version: version}
	cmd := NewCmdRoot(f)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil || errors.Is(err, exit.ErrCheckFailed) {
		// A report whose check failed is still a whole report.
		if werr := ios.CommitOut(); werr != nil {
			err = werr
		}
	} else {
		ios.AbortOut()
	}
	if err == nil {
		return exit.OK
	}
	if errors.Is(err, exit.ErrCheckFailed) {
		return exit.CheckFailed // the report already says what failed
	}
	code, msg, hint := cmdutil.Describe(err)
	// A message may quote a file name or a value: nothing in it may drive
	// the terminal.
	msg, hint = input.Printable(msg), input.Printable(hint)
	fmt.Fprintf(ios.ErrOut, "nollmission: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(ios.ErrOut, "hint: %s\n", hint)
	}
	return code
}
