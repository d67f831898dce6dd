// Package config owns the one viper instance. Every flag of every command is
// a setting: flags, NOLLMISSION_* environment variables, the config file and
// the flags' defaults are layered here (in that order of precedence) and
// written back into the running command's flags, so that commands keep plain
// cobra flag variables and no code deeper down reads viper.
//
// Keys: a global flag (--country) is a top-level key (country:) and the
// variable NOLLMISSION_COUNTRY; a command's own flag (csat --satisfied-scores)
// sits in the section named after the command (csat: {satisfied-scores: …})
// and is NOLLMISSION_CSAT_SATISFIED_SCORES, unless it is marked top-level
// (MarkTopLevel: -o is one setting, output, for every command that prints
// figures; aggregate's and sql's -o, unmarked, are aggregate.output and
// sql.output).
// The top-level key targets holds the yearly targets, and the section
// warehouse maps each kind onto a warehouse table (warehouse.go).
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// Keys of the global settings, as flags, top-level file keys and (upper
// case, after NOLLMISSION_) environment variables.
const (
	KeyTransactions = "transactions"
	KeyComplaints   = "complaints"
	KeySurveys      = "surveys"
	KeyCountry      = "country"
	KeyTimezone     = "timezone"
	KeyOutput       = "output"
	KeyLang         = "lang"   // --lang: the language of the views people read
	KeyLayout       = "layout" // --layout: long or wide tables
	// KeyDatabase is the database the kinds are counted in (--database,
	// NOLLMISSION_DATABASE); KeyTimeout bounds each of its queries.
	KeyDatabase = "database"
	KeyTimeout  = "timeout"
	// KeyConfig is the --config flag and NOLLMISSION_CONFIG: the file to read.
	KeyConfig = "config"
	// KeyTargets is the file's list of yearly targets (no flag, no variable).
	KeyTargets = "targets"
)

// Defaults.
const (
	DefaultCountry  = "SE"
	DefaultTimezone = "Europe/Stockholm"
	DefaultOutput   = "table"
	// DefaultTimeout is --timeout's default: a year of a bank's purchases
	// counted by a busy warehouse takes minutes, not hours.
	DefaultTimeout = 10 * time.Minute
	// DefaultFile is read from the working directory when it exists and no
	// other file is named.
	DefaultFile = "nollmission.yaml"
	// EnvPrefix starts every environment variable.
	EnvPrefix = "NOLLMISSION"
)

// Source is where a setting's value came from.
type Source string

const (
	SourceFlag    Source = "flag"
	SourceEnv     Source = "env"
	SourceFile    Source = "file"
	SourceDefault Source = "default"
)

// Settings are the effective global settings of one run.
type Settings struct {
	Transactions []string
	Complaints   []string
	Surveys      []string
	Country      string
	Timezone     string
	Output       string
}

// Error is a configuration mistake: a missing file, an unknown key, a bad
// value. It is a usage error (exit 2).
type Error struct {
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func errorf(hint, format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...), Hint: hint}
}

// Config wraps the viper instance and remembers where each value came from.
type Config struct {
	v *viper.Viper

	loaded     bool
	file       string         // the config file read; "" when none
	lines      map[string]int // the line of each key of the file, by lower-case key
	fileSource Source         // how the file was chosen
	keys       []Key          // every key of the command tree
	targets    []metrics.Target
	targetsSrc Source
	warehouse  warehouse.Config

	resolved map[string]Setting // keys already written into their flags
	applied  *cobra.Command
	flags    *pflag.FlagSet // the running command's flags, once applied
}

// New returns an empty configuration; Apply loads it for a command.
func New() *Config {
	v := viper.New()
	v.SetConfigType("yaml") // whatever the file is called
	return &Config{v: v, resolved: map[string]Setting{}}
}

// Key is one setting: a flag of the command tree, named as in the file.
type Key struct {
	Name    string         // "country", "csat.satisfied-scores"
	Flag    *pflag.Flag    // the flag it sets
	Command *cobra.Command // the command that owns the flag; nil for a global flag
}

// Env is the key's environment variable: NOLLMISSION_CSAT_SATISFIED_SCORES.
func (k Key) Env() string { return EnvName(k.Name) }

// EnvName is the environment variable of a key.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(envSeparators.Replace(key))
}

var envSeparators = strings.NewReplacer("-", "_", ".", "_")

// Setting is a key's effective value and where it came from.
type Setting struct {
	Key    Key
	Value  []string // one element, or a list flag's elements
	Source Source
	// From names the source: the variable or the file; "" for a flag or a default.
	From string
	// Line is the line of the key in the file (0 when not from the file,
	// or not known).
	Line int
}

// Where says where a setting's value came from, for a message: the
// file and line, or the variable; "" for a flag or a default.
func (s Setting) Where() string {
	switch {
	case s.Source == SourceFile && s.Line > 0:
		return fmt.Sprintf("%s:%d", s.From, s.Line)
	case s.Source == SourceFile || s.Source == SourceEnv:
		return s.From
	}
	return ""
}

// List tells whether the setting is a list (a flag that takes several values).
func (s Setting) List() bool {
	_, ok := s.Key.Flag.Value.(pflag.SliceValue)
	return ok
}

// FileValue is a flag's value that the config file may also set in a shape
// of its own, a section of keys or a list, not only as the command line
// writes it: columns: {transactions: {count: f0_}}. The keys below its key
// are the value's, not settings.
type FileValue interface {
	pflag.Value
	SetFromFile(value any) error
}

// topLevelAnnotation marks a command's own flag whose setting is a
// top-level key, as a global flag's is: -o is defined by each command that
// has several output formats, and is one setting, output, for all of them.
const topLevelAnnotation = "nollmission/top-level-setting"

// MarkTopLevel makes a command's own flag a top-level setting.
func MarkTopLevel(f *pflag.Flag) {
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[topLevelAnnotation] = []string{"true"}
}

// IsTopLevel tells a flag marked by MarkTopLevel.
func IsTopLevel(f *pflag.Flag) bool { return len(f.Annotations[topLevelAnnotation]) > 0 }

// skipFlag tells the flags that are not settings.
func skipFlag(name string) bool { return name == "help" || name == "version" || name == KeyConfig }

// skipCommand tells cobra's own commands, which take no settings.
func skipCommand(c *cobra.Command) bool {
	return c.Hidden || c.Name() == "help" || c.Name() == cobra.ShellCompRequestCmd ||
		c.Name() == cobra.ShellCompNoDescRequestCmd || c.Name() == "completion" ||
		(c.HasParent() && c.Parent().Name() == "completion")
}

// section is the file section of a command's own flags: its name, or the
// names of its path below the root joined by dots. A command run alone (in
// tests) is its own root and its own section.
func section(c *cobra.Command) string {
	if !c.HasParent() {
		return c.Name()
	}
	var names []string
	for ; c.HasParent(); c = c.Parent() {
		names = append([]string{c.Name()}, names...)
	}
	return strings.Join(names, ".")
}

// Keys lists every setting of the command tree: the root's persistent flags
// at top level, then each command's own flags in its section.
func Keys(root *cobra.Command) []Key {
	var keys []Key
	globals := root.PersistentFlags()
	globals.VisitAll(func(f *pflag.Flag) {
		if !skipFlag(f.Name) {
			keys = append(keys, Key{Name: f.Name, Flag: f})
		}
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if skipCommand(c) {
			return
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			switch {
			case skipFlag(f.Name) || globals.Lookup(f.Name) != nil:
			case IsTopLevel(f):
				if !slices.ContainsFunc(keys, func(k Key) bool { return k.Name == f.Name }) {
					keys = append(keys, Key{Name: f.Name, Flag: f})
				}
			default:
				keys = append(keys, Key{Name: section(c) + "." + f.Name, Flag: f, Command: c})
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	if root.HasSubCommands() {
		for _, sub := range root.Commands() {
			walk(sub)
		}
	} else {
		walk(root) // a command run alone
	}
	// Top-level keys first, by name; then each command's, in tree order.
	slices.SortStableFunc(keys, func(a, b Key) int {
		switch {
		case (a.Command == nil) != (b.Command == nil):
			if a.Command == nil {
				return -1
			}
			return 1
		case a.Command == nil:
			return strings.Compare(a.Name, b.Name)
		}
		return 0
	})
	return keys
}

// Apply loads the configuration (once) and writes the environment's and
// the file's values into every flag of cmd the user did not set. It is
// idempotent for the same command.
func (c *Config) Apply(cmd *cobra.Command) error {
	if c.applied == cmd || skipCommand(cmd) {
		return nil
	}
	if err := c.load(cmd); err != nil {
		return err
	}
	for _, k := range c.keys {
		switch {
		case k.Command == cmd:
		case k.Command != nil:
			continue // another command's own flag
		case !takesTopLevel(cmd, k.Name):
			continue // a top-level setting this command does not take
		default:
			// A top-level setting: the running command's own flag of that
			// name (a global flag, or one that several commands define).
			k.Flag = cmd.Flags().Lookup(k.Name)
		}
		if _, err := c.resolve(k); err != nil {
			return err
		}
	}
	c.applied, c.flags = cmd, cmd.Flags()
	return nil
}

// takesTopLevel tells whether cmd takes the top-level setting name: it has
// the global flag, or a flag of its own of that name marked top level. A
// flag of its own of that name that is not so marked is a setting of its
// section (aggregate's -o is aggregate.output, not output: its count rows
// are the input of other commands, whatever format they print).
func takesTopLevel(cmd *cobra.Command, name string) bool {
	f := cmd.Flags().Lookup(name)
	return f != nil && (IsTopLevel(f) || cmd.Root().PersistentFlags().Lookup(name) != nil)
}

// load reads the config file, checks its keys against the command tree, binds
// every key to its variable and flag, and reads the targets.
func (c *Config) load(cmd *cobra.Command) error {
	if c.loaded {
		return nil
	}
	c.keys = Keys(cmd.Root())
	known := map[string]bool{}
	for _, k := range c.keys {
		known[k.Name] = true
		if err := c.v.BindEnv(k.Name, k.Env()); err != nil {
			return err
		}
		if err := c.v.BindPFlag(k.Name, k.Flag); err != nil {
			return err
		}
	}
	if err := c.checkEnv(); err != nil {
		return err
	}
	if err := c.readFile(cmd.Flags(), known); err != nil {
		return err
	}
	if c.file != "" {
		if err := c.checkFileKeys(known); err != nil {
			return err
		}
	}
	if err := c.loadTargets(); err != nil {
		return err
	}
	if err := c.loadWarehouse(); err != nil {
		return err
	}
	c.loaded = true
	return nil
}

// checkEnv rejects NOLLMISSION_* variables that set nothing: a typo must
// not be ignored.
func (c *Config) checkEnv() error {
	envs := map[string]bool{EnvName(KeyConfig): true}
	var names []string
	for _, k := range c.keys {
		envs[k.Env()] = true
		names = append(names, k.Env())
	}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix+"_") && !envs[name] && value != "" {
			return errorf(suggest(name, names, "run 'nollmission config' for the settings and their variables"),
				"unknown environment variable %s", name)
		}
	}
	return nil
}

// readFile reads --config FILE (or NOLLMISSION_CONFIG), which must exist,
// else ./nollmission.yaml when it exists.
func (c *Config) readFile(flags *pflag.FlagSet, known map[string]bool) error {
	path, src := "", SourceDefault
	if f := flags.Lookup(KeyConfig); f != nil && f.Changed {
		path, src = f.Value.String(), SourceFlag
	} else if env := os.Getenv(EnvName(KeyConfig)); env != "" {
		path, src = env, SourceEnv
	}
	if src == SourceDefault {
		if _, err := os.Stat(DefaultFile); errors.Is(err, fs.ErrNotExist) {
			return nil // no file is fine
		}
		path = DefaultFile
	}
	if path == "" {
		return errorf("give a file name: --config nollmission.yaml", "the config file name is empty")
	}
	if _, err := os.Stat(path); err != nil {
		hint := "check the path"
		if src == SourceEnv {
			hint = "check the path in " + EnvName(KeyConfig)
		}
		return errorf(hint, "config file %s: %v", path, unwrapPath(err))
	}
	text, err := readBounded(path)
	if err != nil {
		return err
	}
	settings, lines, line, problem := parseFile(text, known)
	if problem != "" {
		where := path
		if line > 0 {
			where = fmt.Sprintf("%s:%d", path, line)
		}
		return errorf("the config file is YAML; see docs/configuration.md for a complete example", "config file %s: %s", where, problem)
	}
	if err := c.v.MergeConfigMap(settings); err != nil {
		return errorf("the config file is YAML; see docs/configuration.md for a complete example", "config file %s: %v", path, err)
	}
	c.file, c.fileSource = path, src
	c.lines = lines
	return nil
}

// parseFile parses a config file's text once, for all that is read from
// it: the settings viper is given, with the keys written with _ for -
// renamed (hyphenateKeys); the line of each key as written; or what is
// wrong with the text and on which line (0: unknown), where viper's own
// message is yaml's, several lines long and without the line of a key set
// twice.
func parseFile(text []byte, known map[string]bool) (settings map[string]any, lines map[string]int, line int, problem string) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(text))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		line, problem = describeYAMLError(err)
		return nil, nil, line, problem
	}
	// yaml.Unmarshal reads the first document alone: the settings of a
	// second one (after ---, or ... and more) would be ignored without a
	// word, and those of a file that starts ---, ---, of every document
	// but an empty first one.
	// An empty one (a --- at the end) sets nothing, and is let be.
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if err == io.EOF {
			break
		}
		if err != nil {
			line, problem = describeYAMLError(err)
			return nil, nil, line, problem
		}
		if len(next.Content) > 0 && next.Content[0].Tag != "!!null" {
			return nil, nil, max(next.Content[0].Line, 1), "a second YAML document (after --- or ...), which would be ignored: the settings go in one document"
		}
	}
	if line, problem = notDecimal(&doc); problem != "" {
		return nil, nil, line, problem
	}
	lines = keyLines(&doc) // before the keys are renamed
	hyphenateKeys(&doc, known)
	if line, problem = keyInTwoCases(&doc); problem != "" {
		return nil, nil, line, problem
	}
	settings = map[string]any{}
	if len(doc.Content) > 0 { // an empty file (or only comments) sets nothing
		if err := doc.Decode(&settings); err != nil {
			line, problem = describeYAMLError(err)
			return nil, nil, line, problem
		}
	}
	return settings, lines, 0, ""
}

// notDecimal finds a whole number written with a leading zero or a base
// prefix (040, 0x28, 0o50, 0b101000), and says where: YAML reads 040 as
// octal, 32, so baseline: 040 would be a baseline of 32, and
// min-responses: 010 eight answers, without a word. A count in a CSV file
// is decimal whatever its zeros (010 is ten); here such a number is
// refused, to be written in decimal (or quoted, for text).
func notDecimal(n *yaml.Node) (line int, problem string) {
	if n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!int" {
		digits := strings.TrimLeft(n.Value, "+-")
		if len(digits) > 1 && digits[0] == '0' {
			var read int64
			if err := n.Decode(&read); err == nil {
				return n.Line, fmt.Sprintf("%s: a number with a leading zero or a base prefix, which YAML reads as %d: write it in decimal without leading zeros, or quote it", n.Value, read)
			}
			return n.Line, fmt.Sprintf("%s: a number with a leading zero or a base prefix: write it in decimal without leading zeros, or quote it", n.Value)
		}
	}
	for _, c := range n.Content {
		if line, problem = notDecimal(c); problem != "" {
			return line, problem
		}
	}
	return 0, ""
}

// describeYAMLError says in one line what a yaml error says, and on which
// line (0: unknown).
func describeYAMLError(err error) (line int, problem string) {
	problem = strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		problem = te.Errors[0]
	}
	if rest, ok := strings.CutPrefix(problem, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, problem = l, after
			}
		}
	}
	key, first, twice := strings.Cut(strings.TrimPrefix(problem, "mapping key "), " already defined at line ")
	switch {
	case twice:
		problem = fmt.Sprintf("%s is set twice (first on line %s)", key, first)
	case strings.HasPrefix(problem, "cannot unmarshal !!seq into map"):
		problem = "a list, where the file holds settings (key: value)"
	case strings.HasPrefix(problem, "cannot unmarshal ") && strings.Contains(problem, " into map"):
		problem = "a value, where the file holds settings (key: value)"
	}
	return line, problem
}

// keyInTwoCases finds a key written twice in one mapping in different case
// (country: NO, then Country: DK; a warehouse section transactions: and
// Transactions:): keys are read in lower case, so the last would win
// without a word, where a key written twice the same way is refused by
// the decoder. Aliases are not followed (see keyLines).
func keyInTwoCases(doc *yaml.Node) (line int, problem string) {
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			first := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content) && problem == ""; i += 2 {
				key := n.Content[i]
				lower := strings.ToLower(key.Value)
				if f, ok := first[lower]; ok && f.Value != key.Value {
					line, problem = key.Line, fmt.Sprintf("%q is set twice (first on line %d, as %q): keys are read in lower case", key.Value, f.Line, f.Value)
					return
				}
				first[lower] = key
			}
		}
		for _, c := range n.Content {
			if problem == "" {
				walk(c)
			}
		}
	}
	walk(doc)
	return line, problem
}

// hyphenateKeys lets a config file write a setting's key with _ for -, as
// the environment does (naive_timezone is naive-timezone, csat:
// satisfied_scores is csat.satisfied-scores): such a key, whose hyphenated
// form is a setting and which is none itself, is renamed on its node. Keys
// of the targets and warehouse sections are not settings' keys and stay as
// written. A key written both ways is then set twice, and said to be.
func hyphenateKeys(doc *yaml.Node, known map[string]bool) {
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return // decoding it says what is wrong with it
	}
	var walk func(n *yaml.Node, prefix string, depth int)
	walk = func(n *yaml.Node, prefix string, depth int) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			name := prefix + strings.ToLower(key.Value)
			if hyphen := prefix + strings.ReplaceAll(strings.ToLower(key.Value), "_", "-"); hyphen != name && known[hyphen] && !known[name] {
				key.Value, name = strings.ReplaceAll(key.Value, "_", "-"), hyphen
			}
			if value := n.Content[i+1]; depth == 0 && value.Kind == yaml.MappingNode {
				walk(value, name+".", depth+1) // a command's section
			}
		}
	}
	walk(doc.Content[0], "", 0)
}

// keyLines maps each key of a YAML document, sections joined by dots and
// in lower case as viper keys are, to the line it is on. A key that is
// written twice keeps its last line, as its value is the last one. Aliases
// are not followed: a key reached through one has no line of its own, and
// an anchor that contains itself (x: &x {a: *x}), or aliases of aliases
// doubling at each step, would walk without end; decoding the document
// refuses those.
func keyLines(doc *yaml.Node) map[string]int {
	lines := map[string]int{}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind == yaml.DocumentNode {
			if len(n.Content) != 1 {
				return
			}
			n = n.Content[0]
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := prefix + strings.ToLower(n.Content[i].Value)
			lines[key] = n.Content[i].Line
			// A key written with _ for - is read as the setting it names
			// (hyphenateKeys): its line is found under that name too.
			if hyphen := strings.ReplaceAll(key, "_", "-"); hyphen != key {
				if _, written := lines[hyphen]; !written {
					lines[hyphen] = n.Content[i].Line
				}
			}
			walk(n.Content[i+1], key+".")
		}
	}
	walk(doc, "")
	return lines
}

// fileWhere names the file, and the line of key when it is known:
// "nollmission.yaml:12".
func (c *Config) fileWhere(key string) string {
	if line := c.lines[key]; line > 0 {
		return fmt.Sprintf("%s:%d", c.file, line)
	}
	return c.file
}

// FileWhere names the config file and the line of a key in it
// ("nollmission.yaml:48"), or the file alone when the line is unknown.
func (c *Config) FileWhere(key string) string { return c.fileWhere(strings.ToLower(key)) }

// MaxFileSize bounds the config file: a real one is a few hundred bytes,
// and a wrong name (a data file, /dev/zero) must fail at once, not after
// reading gigabytes into memory.
const MaxFileSize = 1 << 20

// readBounded reads a config file of at most MaxFileSize bytes; it stops
// reading one byte past the bound.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errorf("check the path", "config file %s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, errorf("name a YAML file, such as --config nollmission.yaml", "config file %s: is a directory", path)
	}
	text, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, errorf("check the path", "config file %s: %v", path, unwrapPath(err))
	}
	if len(text) > MaxFileSize {
		return nil, errorf("a config file is a few lines of YAML (see docs/configuration.md); is this the right file?",
			"config file %s: larger than 1 MiB", path)
	}
	return text, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkFileKeys rejects a key of the file that is no setting, naming it and
// the closest known key.
func (c *Config) checkFileKeys(known map[string]bool) error {
	names := []string{KeyTargets, KeyWarehouse}
	sections := map[string]bool{}
	for _, k := range c.keys {
		names = append(names, k.Name)
		if k.Command != nil {
			sections[section(k.Command)] = true
		}
	}
	var ownKeys []string // the keys of a FileValue, whose sections are its own
	for _, k := range c.keys {
		if _, ok := k.Flag.Value.(FileValue); ok {
			ownKeys = append(ownKeys, k.Name+".")
		}
	}
	keys := c.v.AllKeys()
	sort.Strings(keys)
	for _, key := range keys {
		if !c.v.InConfig(key) || known[key] || key == KeyTargets ||
			key == KeyWarehouse || strings.HasPrefix(key, KeyWarehouse+".") { // loadWarehouse checks its keys
			continue
		}
		if slices.ContainsFunc(ownKeys, func(p string) bool { return strings.HasPrefix(key, p) }) {
			continue
		}
		if sections[key] {
			return errorf(fmt.Sprintf("write %s's settings under it, one per line (for example %s)", key, exampleKey(key, names)),
				"config file %s: %q is a section of settings, not a value", c.fileWhere(key), key)
		}
		return errorf(suggest(key, names, "run 'nollmission config' for the known keys"),
			"config file %s: unknown key %q", c.fileWhere(key), key)
	}
	return nil
}

func exampleKey(section string, names []string) string {
	for _, n := range names {
		if strings.HasPrefix(n, section+".") {
			return n
		}
	}
	return section + ".…"
}

// resolve writes a key's environment or file value into its flag, unless
// the user set the flag, and records where the value came from.
func (c *Config) resolve(k Key) (Setting, error) {
	if s, ok := c.resolved[k.Name]; ok {
		return s, nil
	}
	s := Setting{Key: k, Source: SourceDefault}
	switch {
	case k.Flag.Changed:
		s.Source = SourceFlag
	case os.Getenv(k.Env()) != "":
		s.Source, s.From = SourceEnv, k.Env()
		// Viper gives the variable's text, which the flag parses as it
		// would parse the command line.
		if err := k.Flag.Value.Set(c.v.GetString(k.Name)); err != nil {
			return s, errorf(fmt.Sprintf("set %s as you would write --%s", k.Env(), k.Flag.Name),
				"%s: invalid value %q: %v", k.Env(), os.Getenv(k.Env()), setError(k.Flag, err))
		}
	case c.file != "" && c.v.InConfig(k.Name):
		s.Source, s.From, s.Line = SourceFile, c.file, c.lines[k.Name]
		if err := setFromFile(k.Flag, c.v.Get(k.Name)); err != nil {
			return s, errorf(fmt.Sprintf("see '%s --help' for --%s", commandPath(k), k.Flag.Name),
				"config file %s: %s: %v", c.fileWhere(k.Name), k.Name, err)
		}
	}
	s.Value = flagValue(k.Flag)
	c.resolved[k.Name] = s
	return s, nil
}

func commandPath(k Key) string {
	if k.Command == nil {
		return "nollmission"
	}
	return k.Command.CommandPath()
}

// setFromFile sets a flag from a YAML value: a list for a list flag, a
// scalar for any flag (parsed as on the command line).
func setFromFile(f *pflag.Flag, value any) error {
	if value == nil {
		return errors.New("the key has no value")
	}
	if fv, ok := f.Value.(FileValue); ok {
		return fv.SetFromFile(value)
	}
	switch x := value.(type) {
	case map[string]any:
		return errors.New("want a value, not a section")
	case []any:
		list, ok := f.Value.(pflag.SliceValue)
		if !ok {
			return errors.New("want one value, not a list")
		}
		items := make([]string, len(x))
		for i, item := range x {
			s, err := cast.ToStringE(item)
			if err != nil {
				return fmt.Errorf("item %d: want a value, not %T", i+1, item)
			}
			items[i] = s
		}
		// Replace parses every item; set a value the flag refuses fails here.
		if err := list.Replace(items); err != nil {
			return fmt.Errorf("invalid value [%s]: %v", strings.Join(items, ", "), setError(f, err))
		}
		return nil
	default:
		s, err := cast.ToStringE(x)
		if err != nil {
			return fmt.Errorf("want a value, not %T", x)
		}
		if list, ok := f.Value.(pflag.SliceValue); ok && f.Value.Type() == "stringArray" {
			// A file list flag (transactions: a.csv) takes the one path as is.
			return list.Replace([]string{s})
		}
		if err := f.Value.Set(s); err != nil {
			return fmt.Errorf("invalid value %q: %v", s, setError(f, err))
		}
		return nil
	}
}

// setError words a flag's refusal of a value: strconv's own words name
// functions, not the setting.
func setError(f *pflag.Flag, err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return fmt.Errorf("want a value of type %s", f.Value.Type())
	}
	return err
}

func flagValue(f *pflag.Flag) []string {
	if list, ok := f.Value.(pflag.SliceValue); ok {
		return slices.Clone(list.GetSlice())
	}
	return []string{f.Value.String()}
}

// Settings reads the effective global settings from the flags of the
// command Apply was given; before Apply, the defaults.
func (c *Config) Settings() Settings {
	s := Settings{Country: DefaultCountry, Timezone: DefaultTimezone, Output: DefaultOutput}
	if c.flags == nil {
		return s
	}
	list := func(name string) []string {
		if f := c.flags.Lookup(name); f != nil {
			return flagValue(f)
		}
		return nil
	}
	one := func(name, def string) string {
		if f := c.flags.Lookup(name); f != nil {
			return f.Value.String()
		}
		return def
	}
	s.Transactions = list(KeyTransactions)
	s.Complaints = list(KeyComplaints)
	s.Surveys = list(KeySurveys)
	s.Country = strings.ToUpper(strings.TrimSpace(one(KeyCountry, DefaultCountry)))
	s.Timezone = one(KeyTimezone, DefaultTimezone)
	s.Output = one(KeyOutput, DefaultOutput)
	return s
}

// SettingOf is the setting of a flag of cmd: its own flag's (section
// key), or the global or top-level one of that name. ok is false for a
// flag that is no setting, or before the setting is resolved.
func (c *Config) SettingOf(cmd *cobra.Command, flag string) (s Setting, ok bool) {
	f := cmd.Flags().Lookup(flag)
	if f == nil {
		f = cmd.InheritedFlags().Lookup(flag)
	}
	if f == nil || skipFlag(flag) {
		return Setting{}, false
	}
	name := flag
	if !IsTopLevel(f) && cmd.Root().PersistentFlags().Lookup(flag) == nil {
		name = section(cmd) + "." + flag
	}
	s, ok = c.resolved[name]
	return s, ok
}

// File is the config file read ("" when none) and how it was chosen.
func (c *Config) File() (string, Source) { return c.file, c.fileSource }

// Describe lists every setting of the tree with its effective value and its
// source, globals first. Settings of commands other than the running one are
// resolved too, so that their values are checked.
func (c *Config) Describe(cmd *cobra.Command) ([]Setting, error) {
	if err := c.Apply(cmd); err != nil {
		return nil, err
	}
	out := make([]Setting, 0, len(c.keys))
	for _, k := range c.keys {
		s, err := c.resolve(k)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
