// Package channel knows the channels a complaint arrives through, their
// aliases, and which of them are the external authorities.
package channel

import (
	"fmt"
	"strings"

	"github.com/nollmission/nollmission/pkg/textkey"
)

// Canonical channel names, as they appear in output.
const (
	CustomerService    = "customer_service"
	SocialMedia        = "social_media"
	Konsumentverket    = "konsumentverket"
	Datainspektionen   = "datainspektionen" // called IMY since 2021: the same channel
	ARN                = "arn"
	Finansinspektionen = "finansinspektionen"
	// Unspecified is the channel of complaints from a file without a channel
	// column: counted in every total, in no authority.
	Unspecified = "unspecified"
	// External names the four authorities together (a subtotal, not an input value).
	External = "external"
)

// All lists the channels in presentation order: the bank's own channels, then
// the four authorities in the order the programme publishes them.
var All = []string{CustomerService, SocialMedia, Konsumentverket, Datainspektionen, ARN, Finansinspektionen, Unspecified}

// Authorities are the external channels, in published order.
var Authorities = []string{Konsumentverket, Datainspektionen, ARN, Finansinspektionen}

// aliases maps normalised spellings to canonical names.
var aliases = map[string]string{
	"customerservice":              CustomerService,
	"kundservice":                  CustomerService,
	"kundtjanst":                   CustomerService,
	"socialmedia":                  SocialMedia,
	"socialamedier":                SocialMedia,
	"konsumentverket":              Konsumentverket,
	"datainspektionen":             Datainspektionen,
	"imy":                          Datainspektionen,
	"integritetsskyddsmyndigheten": Datainspektionen,
	"arn":                          ARN,
	"allmannareklamationsnamnden":  ARN,
	"fi":                           Finansinspektionen,
	"finansinspektionen":           Finansinspektionen,
	"unspecified":                  Unspecified,
}

// Normalize returns the canonical name of a channel cell: case, surrounding
// spaces, inner spaces and hyphens, and Swedish letters do not matter, nor
// how a letter is encoded (ä precomposed or as a and a combining diaeresis)
// nor invisible format characters (textkey.Canonical). An empty cell is
// unspecified, like a file without a channel column.
func Normalize(cell string) (string, error) {
	f := fold(cell)
	if f == "" {
		return Unspecified, nil
	}
	if c, ok := aliases[f]; ok {
		return c, nil
	}
	return "", fmt.Errorf("unknown channel %q", cell)
}

// Hint lists the accepted channel names for error messages.
func Hint() string {
	return "known channels: " + strings.Join(All, ", ") +
		" (also kundservice, sociala medier, IMY, Allmänna reklamationsnämnden, FI)"
}

// IsAuthority tells whether a canonical channel is one of the four authorities.
func IsAuthority(c string) bool {
	switch c {
	case Konsumentverket, Datainspektionen, ARN, Finansinspektionen:
		return true
	}
	return false
}

// folder drops what does not tell channels apart: separators and the dots
// of Swedish letters.
var folder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", " ", "", "-", "", "_", "", "\t", "")

func fold(s string) string { return folder.Replace(strings.ToLower(textkey.Canonical(s))) }
