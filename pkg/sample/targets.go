package sample

import _ "embed"

// targetsYAML is embedded apart from the CSV data: it is settings, not input.
//
//go:embed data/targets.yaml
var targetsYAML []byte

// TargetsYAML returns the programme's published yearly targets (2019: 40 →
// 36, 2020: 33 → 28), which come with the sample data, as the targets section
// of a config file.
func TargetsYAML() []byte { return targetsYAML }
