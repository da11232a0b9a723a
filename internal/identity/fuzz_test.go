package identity

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// FuzzPersonFrom feeds ID-token claims from outside (the broker) through the identifier checks: whatever
// comes in, a person comes out only with a BSN that passes the eleven test or an eight-digit KvK number.
func FuzzPersonFrom(f *testing.F) {
	f.Add(`{"sub":"jan","bsn":"999993653"}`, true)
	f.Add(`{"sub":"x","bsn":"999993653","represented_bsn":"999991772"}`, true)
	f.Add(`{"sub":"p","kvk":"90001234","vestigingsnummer":"000012345678"}`, false)
	f.Add(`{"bsn":999993653}`, true)
	f.Add(`{"kvk":["90001234"]}`, false)
	names := DefaultClaimNames()
	f.Fuzz(func(t *testing.T, raw string, digid bool) {
		var claims map[string]any
		if json.Unmarshal([]byte(raw), &claims) != nil {
			return
		}
		level := Levels(DefaultLevels()).Lowest(EHerkenning)
		if digid {
			level = Levels(DefaultLevels()).Lowest(DigiD)
		}
		p, err := personFrom(claims, names, level)
		if err != nil {
			return
		}
		if digid && (!ValidBSN(p.BSN) || (p.ActingBSN != "" && !ValidBSN(p.ActingBSN))) {
			t.Errorf("accepted BSN %q / acting %q", p.BSN, p.ActingBSN)
		}
		if !digid && !validKvK(p.KvK) {
			t.Errorf("accepted KvK %q", p.KvK)
		}
	})
}

// FuzzClassify reads the unverified payload of a token that failed verification; it must never panic.
func FuzzClassify(f *testing.F) {
	b := &broker{cfg: BrokerConfig{Issuer: "https://makelaar.example", ClientID: "loket"}, clock: time.Now}
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	f.Add("x." + enc(`{"iss":"https://makelaar.example","aud":"loket","exp":1}`) + ".y")
	f.Add("x." + enc(`{"iss":"https://ander.example","aud":["loket"]}`) + ".y")
	f.Add("x." + enc(`{"aud":{"a":1}}`) + ".y")
	f.Add("...")
	f.Fuzz(func(t *testing.T, raw string) {
		switch b.classify(raw) {
		case ErrWrongIssuer, ErrWrongAudience, ErrExpired, ErrBadSignature:
		default:
			t.Errorf("classify(%q) gave an unknown reason", raw)
		}
	})
}
