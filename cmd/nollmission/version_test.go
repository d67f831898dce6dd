package main

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(revision, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: revision}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "a5e0088f1c2b3d4e5f60718293a4b5c6d7e8f901"
	tests := []struct {
		name   string
		linked string
		info   *debug.BuildInfo
		want   string
	}{
		{"-ldflags wins", "v9.9.9", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v9.9.9"},
		{"go install …@v1.2.3", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"go install …@latest, a pre-release", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0-rc.1"}}, "v1.3.0-rc.1"},
		{"go install of a commit", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261101120000-a5e0088f1c2b"}}, "dev"},
		{"checkout of a commit", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261101120000-a5e0088f1c2b"}, Settings: vcs(rev, "false")}, "dev (a5e0088f1c2b)"},
		{"checkout with changes", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261101120000-a5e0088f1c2b+dirty"}, Settings: vcs(rev, "true")}, "dev (a5e0088f1c2b, modified)"},
		{"checkout of a release tag", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs(rev, "false")}, "v1.2.3"},
		{"checkout of a tag, changed", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3+dirty"}, Settings: vcs(rev, "true")}, "dev (a5e0088f1c2b, modified)"},
		{"go run, no VCS", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no build info", "dev", nil, "dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := buildVersion(tt.linked, tt.info); got != tt.want {
				t.Errorf("buildVersion = %q, want %q", got, tt.want)
			}
		})
	}
}
