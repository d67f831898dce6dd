package textkey

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII", "Refunds ", "Refunds "},
		{"empty", "", ""},
		{"precomposed å", "\u00e5terbetalning", "\u00e5terbetalning"},
		{"decomposed å (macOS)", "a\u030aterbetalning", "\u00e5terbetalning"},
		{"decomposed capitals", "ALLMA\u0308NNA", "ALLM\u00c4NNA"},
		{"combining marks reordered", "a\u0308\u0323", "\u1ea1\u0308"}, // ạ̈: below before above
		{"zero-width space", "fees\u200b", "fees"},
		{"zero-width non-joiner and joiner", "fe\u200ces\u200d", "fees"},
		{"word joiner", "\u2060fees", "fees"},
		{"soft hyphen", "re\u00adfunds", "refunds"},
		{"byte-order mark inside", "\ufefffees", "fees"},
		{"marks of direction", "\u202efees\u202c\u200e", "fees"},
		{"only format characters", "\u200b\u00ad\ufeff", ""},
		{"a format character between a letter and its mark", "a\u200b\u030a", "\u00e5"},
		{"spaces and case are kept", " Å\u00a0B ", " Å\u00a0B "},
		{"Ohm sign is Omega (canonical)", "\u2126", "\u03a9"},
		{"compatibility forms are kept", "\ufb01 \uff33\uff25", "\ufb01 \uff33\uff25"}, // ﬁ, ＳＥ: NFKC's, not NFC's
	}
	for _, tt := range tests {
		got := Canonical(tt.in)
		if got != tt.want {
			t.Errorf("%s: Canonical(%+q) = %+q, want %+q", tt.name, tt.in, got, tt.want)
		}
		if again := Canonical(got); again != got {
			t.Errorf("%s: Canonical(%+q) = %+q: not stable", tt.name, got, again)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("%s: %+q is not NFC", tt.name, got)
		}
	}
}

// TestCanonicalAllocates: text already in the form, the common case a
// reader meets once a row, is returned without a copy.
func TestCanonicalAllocates(t *testing.T) {
	for _, s := range []string{"customer_service", "Allmänna reklamationsnämnden", "återbetalning"} {
		if n := testing.AllocsPerRun(100, func() { _ = Canonical(s) }); n != 0 {
			t.Errorf("Canonical(%q): %v allocations, want 0", s, n)
		}
	}
}
