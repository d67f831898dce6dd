package main

import (
	"regexp"
	"runtime/debug"
)

// buildVersion is what --version prints. A version set at link time
// (-ldflags "-X main.version=v1.2.3") wins. Otherwise the build info
// answers: `go install …@v1.2.3` records the module version, and a build
// from a checkout of a commit that is not a release records the commit,
// which is shown after "dev" (with ", modified" for uncommitted changes).
func buildVersion(linked string, info *debug.BuildInfo) string {
	if linked != "dev" && linked != "" {
		return linked
	}
	if info == nil {
		return "dev"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	revision, modified := settings["vcs.revision"], settings["vcs.modified"] == "true"
	v := info.Main.Version
	if v != "" && v != "(devel)" && !modified && !pseudoVersion.MatchString(v) {
		return v // a release, installed or built from its tag
	}
	if revision == "" {
		return "dev"
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if modified {
		return "dev (" + revision + ", modified)"
	}
	return "dev (" + revision + ")"
}

// pseudoVersion matches the version Go gives a commit that is not a
// release (v0.0.0-20260101120000-abcdef123456) and its +dirty form.
var pseudoVersion = regexp.MustCompile(`-(0\.)?[0-9]{14}-[0-9a-f]{12}|\+dirty$`)
