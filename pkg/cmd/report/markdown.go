package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/nollmission/nollmission/pkg/report"
)

// writeMarkdown writes the page as Markdown: the same headings, text and
// tables; the charts are named, not drawn (Markdown has no portable way to
// carry them inline).
func writeMarkdown(w io.Writer, p *report.Page) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", md(p.Title), md(p.Subtitle))
	for _, para := range p.Intro {
		fmt.Fprintf(&b, "\n%s\n", md(para))
	}
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "\n## %s\n", md(s.Heading))
		for _, para := range s.Intro {
			fmt.Fprintf(&b, "\n%s\n", md(para))
		}
		for _, t := range s.Tables {
			writeTable(&b, t)
		}
		for _, f := range s.Figures {
			fmt.Fprintf(&b, "\n*%s* (%s)\n", md(f.Title), md(p.ChartInHTML))
		}
		if len(s.List) > 0 {
			b.WriteString("\n")
			if s.ListTitle != "" {
				fmt.Fprintf(&b, "%s:\n\n", md(s.ListTitle))
			}
			for _, item := range s.List {
				fmt.Fprintf(&b, "- %s\n", md(item))
			}
		}
		if len(s.Notes) > 0 {
			b.WriteString("\n")
			for _, n := range s.Notes {
				fmt.Fprintf(&b, "- %s\n", md(n))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTable(b *strings.Builder, t report.Table) {
	b.WriteString("\n")
	if t.Caption != "" {
		fmt.Fprintf(b, "**%s**\n\n", md(t.Caption))
	}
	b.WriteString("|")
	for _, c := range t.Columns {
		fmt.Fprintf(b, " %s |", cell(c.Text))
	}
	b.WriteString("\n|")
	for _, c := range t.Columns {
		if c.Numeric {
			b.WriteString("---:|")
		} else {
			b.WriteString(":---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r.Cells {
			text := cell(c.Text)
			if r.Total && text != "" {
				text = "**" + text + "**"
			}
			if c.Note != "" {
				text += " ⚠ " + cell(c.Note)
			}
			fmt.Fprintf(b, " %s |", text)
		}
		b.WriteString("\n")
	}
	if t.Footnote != "" {
		fmt.Fprintf(b, "\n%s\n", md(t.Footnote))
	}
}

// md escapes the characters that would make text Markdown markup: data
// values (file names, categories) are text, never formatting.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`, "&", `\&`)

func md(s string) string { return mdEscaper.Replace(s) }

// cell escapes a table cell; a line break would end the row.
func cell(s string) string { return strings.ReplaceAll(md(s), "\n", " ") }
