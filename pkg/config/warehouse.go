package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cast"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// KeyWarehouse is the file's section that maps each kind of data onto a
// table or query of a warehouse (no flag, no variable): what `sql` writes
// queries for and --database counts.
const KeyWarehouse = "warehouse"

const warehouseHint = "each kind is a section such as warehouse: {transactions: {table: purchases, period: created_at, period_type: timestamptz}}; see docs/warehouse.md"

// mappingFields are the keys of one kind's mapping, in the order of
// warehouse.Mapping's fields: its mapstructure tags, so that the keys
// checked here are the keys decoded.
var mappingFields = func() []string {
	t := reflect.TypeFor[warehouse.Mapping]()
	fields := make([]string, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i).Tag.Get("mapstructure")
	}
	return fields
}()

// Warehouse is the config file's warehouse section: a mapping for each kind
// it maps, nil for the others; all nil without the section.
func (c *Config) Warehouse() warehouse.Config { return c.warehouse }

// WarehouseValue is one key of the warehouse section and its value, for
// display.
type WarehouseValue struct {
	Key   string // warehouse.transactions.table
	Value string
	Where string // the config file and the key's line in it (FileWhere)
}

// WarehouseValues lists the keys the warehouse section sets, kind by kind
// in flag order, each kind's keys in the order of the file's documentation.
func (c *Config) WarehouseValues() []WarehouseValue {
	var out []WarehouseValue
	for _, kind := range input.Kinds {
		m := c.warehouse.Mapping(kind)
		if m == nil {
			continue
		}
		v := reflect.ValueOf(*m)
		for i, field := range mappingFields {
			if s := v.Field(i).String(); s != "" {
				key := warehouse.Key(kind, field)
				out = append(out, WarehouseValue{Key: key, Value: s, Where: c.FileWhere(key)})
			}
		}
	}
	return out
}

// loadWarehouse checks the warehouse section's keys (an unknown one is an
// error naming the closest known key, as elsewhere in the file), decodes it
// with the one viper instance and validates every mapping.
func (c *Config) loadWarehouse() error {
	if c.file == "" || !c.v.InConfig(KeyWarehouse) {
		return nil
	}
	bad := func(hint, format string, args ...any) error {
		return errorf(hint, "config file %s: "+format, append([]any{c.file}, args...)...)
	}
	raw := c.v.Get(KeyWarehouse)
	if raw == nil {
		return nil // "warehouse:" with nothing under it maps nothing
	}
	section, ok := raw.(map[string]any)
	if !ok {
		return bad(warehouseHint, "%s: want a section (transactions, complaints, surveys), not %s", KeyWarehouse, describe(raw))
	}
	kinds := make([]string, len(input.Kinds))
	for i, k := range input.Kinds {
		kinds[i] = KeyWarehouse + "." + k.String()
	}
	for _, name := range sortedKeys(section) {
		key := KeyWarehouse + "." + name
		if !slices.Contains(kinds, key) {
			return bad(suggest(key, kinds, "the kinds are transactions, complaints and surveys"), "unknown key %q", key)
		}
		fields, ok := section[name].(map[string]any)
		if !ok {
			return bad(warehouseHint, "%s: want a section (table or query, period, period_type, …), not %s", key, describe(section[name]))
		}
		known := make([]string, len(mappingFields))
		for i, f := range mappingFields {
			known[i] = key + "." + f
		}
		for _, field := range sortedKeys(fields) {
			fieldKey := key + "." + field
			if !slices.Contains(known, fieldKey) {
				return bad(suggest(fieldKey, known, "the keys are "+strings.Join(mappingFields, ", ")), "unknown key %q", fieldKey)
			}
			if _, err := cast.ToStringE(fields[field]); err != nil || fields[field] == nil {
				return bad(warehouseHint, "%s: want a name or text, not %s", fieldKey, describe(fields[field]))
			}
		}
	}
	var wc warehouse.Config
	if err := c.v.UnmarshalKey(KeyWarehouse, &wc); err != nil {
		return bad(warehouseHint, "%s: %v", KeyWarehouse, err)
	}
	if err := wc.Validate(); err != nil {
		hint := warehouseHint
		var me *warehouse.MappingError
		if errors.As(err, &me) && me.Hint != "" {
			hint = me.Hint
		}
		return &Error{Err: fmt.Errorf("config file %s: %w", c.file, err), Hint: hint}
	}
	c.warehouse = wc
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
