package channel

import "testing"

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Customer Service":             CustomerService,
		"customer_service":             CustomerService,
		"Kundservice":                  CustomerService,
		"kund-service":                 CustomerService,
		"social_media":                 SocialMedia,
		"Sociala medier":               SocialMedia,
		" Konsumentverket ":            Konsumentverket,
		"Datainspektionen":             Datainspektionen,
		"IMY":                          Datainspektionen, // renamed in 2021: the same channel
		"Allmänna reklamationsnämnden": ARN,
		"ALLMÄNNA REKLAMATIONSNÄMNDEN": ARN,
		"allmanna-reklamationsnamnden": ARN,
		"ARN":                          ARN,
		"FI":                           Finansinspektionen,
		"Finansinspektionen":           Finansinspektionen,
		"unspecified":                  Unspecified,
		"":                             Unspecified, // an empty cell, like no channel column
		"  ":                           Unspecified,
		// ä and å written decomposed (macOS), as precomposed.
		"Allma\u0308nna reklamationsna\u0308mnden": ARN,
		"ALLMA\u0308NNA REKLAMATIONSNA\u0308MNDEN": ARN,
		"Kundtja\u0308nst":                         CustomerService,
		"Konsumentverket\u200b":                    Konsumentverket, // format characters are invisible: gone
		"\ufeffIMY":                                Datainspektionen,
		"Finans\u00adinspektionen":                 Finansinspektionen,
		"kund\u2060service\u200d":                  CustomerService,
		"\u200b":                                   Unspecified,
	}
	for in, want := range tests {
		got, err := Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%+q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"fax", "external", "konsument"} {
		if _, err := Normalize(bad); err == nil {
			t.Errorf("Normalize(%q) accepted", bad)
		}
	}
}

func TestAuthorities(t *testing.T) {
	for _, c := range All {
		want := c == Konsumentverket || c == Datainspektionen || c == ARN || c == Finansinspektionen
		if IsAuthority(c) != want {
			t.Errorf("IsAuthority(%s) = %v", c, !want)
		}
	}
	if len(Authorities) != 4 {
		t.Fatalf("there are four authorities, not %d", len(Authorities))
	}
}
