package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

func writeTable(w io.Writer, t *Table) error {
	if err := render(w, t, renderer.NewBlueprint()); err != nil {
		return err
	}
	return writeNotes(w, t.Notes, "")
}

func writeMarkdown(w io.Writer, t *Table) error {
	if err := render(w, t, renderer.NewMarkdown()); err != nil {
		return err
	}
	if len(t.Notes) > 0 {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return writeNotes(w, t.Notes, "- ")
}

// render draws t with tablewriter: headers as written (not upper-cased),
// per-column alignment, summary rows as the footer.
func render(w io.Writer, t *Table, r tw.Renderer) error {
	aligns := make([]tw.Align, len(t.Columns))
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
		aligns[i] = tw.AlignLeft
		if c.Align == Right {
			aligns[i] = tw.AlignRight
		}
	}
	table := tablewriter.NewTable(w,
		tablewriter.WithRenderer(r),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithFooterAutoWrap(tw.WrapNone),
	)
	table.Header(header)
	if err := table.Bulk(t.Rows); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	if len(t.Summary) > 0 {
		// tablewriter has one footer row; several summary rows become its lines.
		footer := make([]string, len(t.Columns))
		for i := range footer {
			cells := make([]string, len(t.Summary))
			for j, row := range t.Summary {
				cells[j] = row[i]
			}
			footer[i] = strings.Join(cells, "\n")
		}
		table.Footer(footer)
	}
	if err := table.Render(); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	return nil
}

func writeNotes(w io.Writer, notes []string, bullet string) error {
	for _, n := range notes {
		if _, err := fmt.Fprintln(w, bullet+n); err != nil {
			return err
		}
	}
	return nil
}
