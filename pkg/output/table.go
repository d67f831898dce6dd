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
	if err := render(w, escapePipes(t), renderer.NewMarkdown()); err != nil {
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

// escapePipes copies t with every | escaped: in Markdown a bare | in a cell
// (a category "a|b") would split it into two columns.
func escapePipes(t *Table) *Table {
	esc := strings.NewReplacer("|", `\|`)
	rows := func(in [][]string) [][]string {
		out := make([][]string, len(in))
		for i, row := range in {
			out[i] = make([]string, len(row))
			for j, c := range row {
				out[i][j] = esc.Replace(c)
			}
		}
		return out
	}
	cp := *t
	cp.Columns = make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		cp.Columns[i] = Column{Name: esc.Replace(c.Name), Align: c.Align}
	}
	cp.Rows, cp.Summary = rows(t.Rows), rows(t.Summary)
	return &cp
}
