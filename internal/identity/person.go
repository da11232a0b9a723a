package identity

import (
	"fmt"
	"strings"
)

// Person is who logged in and on whose behalf, as the broker's ID token says.
type Person struct {
	Means   Means  `json:"means"`
	Level   string `json:"level"` // level name, e.g. midden
	Subject string `json:"sub"`   // the broker's subject (often a pseudonym)
	Name    string `json:"name,omitempty"`

	// BSN is whose affairs these are: the resident, or under DigiD Machtigen the person acted for.
	BSN string `json:"bsn,omitempty"`
	// ActingBSN is set under DigiD Machtigen: the person who logged in to act for BSN.
	ActingBSN string `json:"acting_bsn,omitempty"`

	// KvK is the company whose affairs these are; Branch its vestigingsnummer, if the login names one.
	KvK    string `json:"kvk,omitempty"`
	Branch string `json:"branch,omitempty"`
	// ActingKvK is set under eHerkenning ketenmachtiging: the intermediary company acting for KvK.
	ActingKvK string `json:"acting_kvk,omitempty"`
	// ActingPerson identifies the employee who logged in for the company (often a pseudonym).
	ActingPerson string `json:"acting_person,omitempty"`
}

// Represents reports whether someone acts for another person or company.
func (p Person) Represents() bool { return p.ActingBSN != "" || p.ActingKvK != "" }

// Owner is what the person's items are found by.
func (p Person) Owner() Owner {
	if p.Means == EHerkenning {
		return Owner{KvK: p.KvK}
	}
	return Owner{BSN: p.BSN}
}

// Owner is a resident (BSN) or a company (KvK): whose items Mijn loket shows.
type Owner struct{ BSN, KvK string }

// ClaimNames are the names of the ID-token claims that carry each identifier; brokers differ.
type ClaimNames struct {
	BSN            string // DigiD: the person who logged in
	RepresentedBSN string // DigiD Machtigen: the person acted for
	KvK            string // eHerkenning: the company (legal subject)
	Branch         string // eHerkenning: vestigingsnummer
	ActingPerson   string // eHerkenning: the employee who logged in
	RepresentedKvK string // eHerkenning ketenmachtiging / bewindvoering: the company acted for
	Name           string
}

// DefaultClaimNames are the names loket uses when the settings name none.
func DefaultClaimNames() ClaimNames {
	return ClaimNames{BSN: "bsn", RepresentedBSN: "represented_bsn", KvK: "kvk", Branch: "vestigingsnummer",
		ActingPerson: "acting_subject", RepresentedKvK: "represented_kvk", Name: "name"}
}

// ParseClaimNames reads "bsn=sub_bsn; kvk=urn:...:KvKnr" on top of the defaults.
func ParseClaimNames(s string) (ClaimNames, error) {
	c := DefaultClaimNames()
	slots := map[string]*string{"bsn": &c.BSN, "represented_bsn": &c.RepresentedBSN, "kvk": &c.KvK,
		"vestigingsnummer": &c.Branch, "acting_subject": &c.ActingPerson, "represented_kvk": &c.RepresentedKvK, "name": &c.Name}
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		slot, known := slots[strings.TrimSpace(k)]
		if !ok || !known || strings.TrimSpace(v) == "" {
			return c, fmt.Errorf("%q is not NAME=CLAIM with a name of bsn, represented_bsn, kvk, vestigingsnummer, acting_subject, represented_kvk or name", part)
		}
		*slot = strings.TrimSpace(v)
	}
	return c, nil
}

// claimString reads a claim as a string; numbers are written without exponent.
func claimString(claims map[string]any, name string) string {
	switch v := claims[name].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return fmt.Sprintf("%.0f", v)
	}
	return ""
}

// personFrom builds the person from verified claims at a known level; it checks the identifiers' form.
func personFrom(claims map[string]any, names ClaimNames, level Level) (Person, error) {
	p := Person{Means: level.Means, Level: level.Name, Subject: claimString(claims, "sub"), Name: claimString(claims, names.Name)}
	switch level.Means {
	case DigiD:
		own, rep := claimString(claims, names.BSN), claimString(claims, names.RepresentedBSN)
		p.BSN = own
		if rep != "" {
			p.BSN, p.ActingBSN = rep, own
		}
		if !ValidBSN(p.BSN) || (p.ActingBSN != "" && !ValidBSN(p.ActingBSN)) {
			return p, errMissingClaim
		}
	case EHerkenning:
		own, rep := claimString(claims, names.KvK), claimString(claims, names.RepresentedKvK)
		p.KvK, p.Branch, p.ActingPerson = own, claimString(claims, names.Branch), claimString(claims, names.ActingPerson)
		if rep != "" {
			p.KvK, p.ActingKvK = rep, own
		}
		if !validKvK(p.KvK) || (p.ActingKvK != "" && !validKvK(p.ActingKvK)) || (p.Branch != "" && !digits(p.Branch, 12)) {
			return p, errMissingClaim
		}
	}
	return p, nil
}

// validKvK checks a KvK number: eight digits.
func validKvK(s string) bool { return digits(s, 8) }

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
