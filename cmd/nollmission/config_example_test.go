package main

import (
	"os"
	"strings"
	"testing"
)

// TestConfigExampleIsTested keeps the complete config file of docs/configuration.md the
// same as the one testdata/script/config_example.txtar proves valid.
func TestConfigExampleIsTested(t *testing.T) {
	readme, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../../testdata/script/config_example.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- config-example -->\n```yaml\n")
	if !ok {
		t.Fatal("docs/configuration.md has no config example after <!-- config-example -->")
	}
	block, _, _ = strings.Cut(block, "```")
	_, tested, ok := strings.Cut(string(script), "-- nollmission.yaml --\n")
	if !ok {
		t.Fatal("config_example.txtar has no nollmission.yaml")
	}
	tested, _, _ = strings.Cut(tested, "\n-- ")
	if strings.TrimSpace(block) != strings.TrimSpace(tested) {
		t.Errorf("the config example in docs/configuration.md differs from testdata/script/config_example.txtar: copy one to the other")
	}
}
