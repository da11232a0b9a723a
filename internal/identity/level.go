package identity

import (
	"fmt"
	"strings"
)

// Means is how a person logs in: DigiD for residents, eHerkenning for companies.
type Means string

// The means a broker offers.
const (
	DigiD       Means = "digid"
	EHerkenning Means = "eherkenning"
)

// MeansNames are the Dutch names of the means.
var MeansNames = map[Means]string{DigiD: "DigiD", EHerkenning: "eHerkenning"}

// Level is a level of assurance of one means, with the acr value the broker uses for it.
type Level struct {
	Means Means
	Name  string // basis, midden, substantieel, hoog; eh2+, eh3, eh4
	Rank  int    // higher is stronger, within one means
	ACR   string
}

// Label is the level as people read it ("DigiD Midden", "eHerkenning EH3").
func (l Level) Label() string {
	if l.Means == EHerkenning {
		return "eHerkenning " + strings.ToUpper(l.Name)
	}
	return "DigiD " + strings.ToUpper(l.Name[:1]) + l.Name[1:]
}

// DefaultLevels are the levels and the acr values most brokers send: DigiD's SAML authentication context
// classes and the assurance classes of the eHerkenning (eToegang) afsprakenstelsel.
func DefaultLevels() []Level {
	return []Level{
		{DigiD, "basis", 1, "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
		{DigiD, "midden", 2, "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"},
		{DigiD, "substantieel", 3, "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"},
		{DigiD, "hoog", 4, "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"},
		{EHerkenning, "eh2+", 1, "urn:etoegang:core:assurance-class:loa2plus"},
		{EHerkenning, "eh3", 2, "urn:etoegang:core:assurance-class:loa3"},
		{EHerkenning, "eh4", 3, "urn:etoegang:core:assurance-class:loa4"},
	}
}

// Levels is the table of known levels.
type Levels []Level

// ParseLevels reads acr overrides of the form "midden=urn:...; eh3=urn:..." on top of the defaults;
// an empty string gives the defaults.
func ParseLevels(s string) (Levels, error) {
	ls := Levels(DefaultLevels())
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, acr, ok := strings.Cut(part, "=")
		name, acr = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(acr)
		i := ls.index(name)
		if !ok || acr == "" || i < 0 {
			return nil, fmt.Errorf("%q is not LEVEL=ACR with a level of basis, midden, substantieel, hoog, eh2+, eh3 or eh4", part)
		}
		ls[i].ACR = acr
	}
	return ls, nil
}

func (ls Levels) index(name string) int {
	for i, l := range ls {
		if l.Name == name {
			return i
		}
	}
	return -1
}

// ByName finds a level by its name ("midden", "eh3").
func (ls Levels) ByName(name string) (Level, bool) {
	if i := ls.index(strings.ToLower(strings.TrimSpace(name))); i >= 0 {
		return ls[i], true
	}
	return Level{}, false
}

// ByACR finds the level a broker's acr value stands for.
func (ls Levels) ByACR(acr string) (Level, bool) {
	for _, l := range ls {
		if l.ACR == acr {
			return l, true
		}
	}
	return Level{}, false
}

// Lowest is the weakest level of a means.
func (ls Levels) Lowest(m Means) Level {
	var low Level
	for _, l := range ls {
		if l.Means == m && (low.Rank == 0 || l.Rank < low.Rank) {
			low = l
		}
	}
	return low
}

// Meets reports whether got is of the same means as want and at least as strong.
func Meets(got, want Level) bool { return got.Means == want.Means && got.Rank >= want.Rank }
