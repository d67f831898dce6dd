package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/output"
)

// AddLangFlag adds --lang, the language of the views people read (table,
// Markdown, HTML, chart text); JSON and CSV are never localised. It is one
// setting, lang (NOLLMISSION_LANG), for every command that has it, and
// refuses a language it does not know wherever it is set.
func AddLangFlag(cmd *cobra.Command, lang *locale.Lang) {
	*lang = locale.English
	cmd.Flags().Var((*langValue)(lang), config.KeyLang, "language of table, Markdown, HTML and chart text: en or sv (JSON and CSV are not localised)")
	config.MarkTopLevel(cmd.Flags().Lookup(config.KeyLang))
}

type langValue locale.Lang

func (l *langValue) String() string { return string(*l) }
func (l *langValue) Type() string   { return "lang" }
func (l *langValue) Choices() []string {
	out := make([]string, len(locale.Langs))
	for i, lang := range locale.Langs {
		out[i] = string(lang)
	}
	return out
}

func (l *langValue) Set(s string) error {
	lang, err := locale.Parse(s)
	if err != nil {
		return err
	}
	*l = langValue(lang)
	return nil
}

// Layout is the shape of a table: one row per month (long), or the
// published shape, one row per year and one column per month (wide).
type Layout string

const (
	LayoutLong Layout = "long"
	LayoutWide Layout = "wide"
)

// View is a report in the layout and language asked for: wide (the
// published shape, which translates itself), or long, translated with
// catalog when the language is not English. JSON keeps its schema in every
// layout and language; CSV is never localised.
func View(long, wide output.Report, layout Layout, lang locale.Lang, catalog *locale.Catalog) output.Report {
	switch {
	case layout == LayoutWide:
		return wide
	case lang != locale.English:
		return locale.Translated{Report: long, Lang: lang, Catalog: catalog}
	}
	return long
}

// AddLayoutFlag adds --layout long|wide, one setting, layout, for every
// command that has it; the flag refuses other values wherever they are set.
func AddLayoutFlag(cmd *cobra.Command, layout *Layout) {
	*layout = LayoutLong
	cmd.Flags().Var((*layoutValue)(layout), config.KeyLayout,
		"table shape: long (a row per month) or wide (the published shape: a row per year, a column per month, then the full year); JSON keeps its shape")
	config.MarkTopLevel(cmd.Flags().Lookup(config.KeyLayout))
}

type layoutValue Layout

func (l *layoutValue) String() string { return string(*l) }
func (l *layoutValue) Type() string   { return "layout" }
func (l *layoutValue) Choices() []string {
	return []string{string(LayoutLong), string(LayoutWide)}
}

func (l *layoutValue) Set(s string) error {
	switch v := Layout(strings.ToLower(strings.TrimSpace(s))); v {
	case LayoutLong, LayoutWide:
		*l = layoutValue(v)
		return nil
	}
	return fmt.Errorf("%q is not a layout: want long or wide", s)
}
