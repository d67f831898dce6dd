package config

import (
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"
)

// suggest names the known names closest to a mistyped one: those with the
// same last part (a key put in the wrong section), else the nearest by edit
// distance when it is near enough; else it returns the fallback hint.
func suggest(name string, known []string, fallback string) string {
	var same []string
	for _, k := range known {
		if k != name && lastPart(k) == lastPart(name) {
			same = append(same, k)
		}
	}
	switch {
	case len(same) > 0 && len(same) <= 3:
		return didYouMean(same)
	case len(same) > 3:
		// A flag that many commands have, such as year: say where it goes.
		return fmt.Sprintf("put it in the section of a command, such as %q or %q", same[0], same[1])
	}
	best, bestDistance := "", -1
	for _, k := range known {
		d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(k))
		if bestDistance < 0 || d < bestDistance {
			best, bestDistance = k, d
		}
	}
	// Near enough: two edits, or a third of the name (without its prefix).
	if best != "" && bestDistance <= max(2, len(strings.TrimPrefix(lastPart(name), EnvPrefix+"_"))/3) {
		return didYouMean([]string{best})
	}
	return fallback
}

func lastPart(key string) string { return key[strings.LastIndex(key, ".")+1:] }

func didYouMean(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	if len(quoted) == 1 {
		return "did you mean " + quoted[0] + "?"
	}
	return "did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}
