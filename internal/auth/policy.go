package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket/internal/problem"
)

// commonPasswordList is data, not code: extend the file, not this package.
//
//go:embed common_passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// Safe messages of the password policy, for the field "wachtwoord".
const (
	msgTooShort = "Kies een wachtwoord van minstens 12 tekens."
	msgTooLong  = "Kies een wachtwoord van hoogstens 200 tekens."
	msgCommon   = "Dit wachtwoord is te makkelijk te raden. Kies een ander, bijvoorbeeld een zin van vier woorden."
)

// maxPasswordLength bounds the input of argon2id; a longer password is no safer and costs more to check.
const maxPasswordLength = 200

// CheckPolicy says whether a password may be set: at least MinPasswordLength characters (not bytes),
// not only white space, not one character repeated, and not a common password or one with only digits or
// punctuation added to one. The error is an Invalid problem for the field "wachtwoord".
func CheckPolicy(password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n > maxPasswordLength:
		return problem.Field("wachtwoord", msgTooLong)
	case n < MinPasswordLength || strings.TrimSpace(password) == "" || utf8.RuneCountInString(strings.TrimSpace(password)) < MinPasswordLength:
		return problem.Field("wachtwoord", msgTooShort)
	case isCommon(password):
		return problem.Field("wachtwoord", msgCommon)
	}
	return nil
}

// isCommon: at most three distinct characters, a listed password, or a listed word with only digits, spaces and
// punctuation around it ("Wachtwoord2026!", "!!welkom01!!").
func isCommon(password string) bool {
	lower := strings.ToLower(password)
	if distinct(strings.ReplaceAll(lower, " ", "")) <= 3 || commonPasswords[lower] {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if core == "" || commonPasswords[core] {
		return true
	}
	return isSequence(lower)
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// isSequence: every character one after the previous one (abcdefghijkl, 234567890123 wraps at 9).
func isSequence(s string) bool {
	r := []rune(s)
	up, down := true, true
	for i := 1; i < len(r); i++ {
		d := r[i] - r[i-1]
		up = up && (d == 1 || (r[i-1] == '9' && r[i] == '0'))
		down = down && (d == -1 || (r[i-1] == '0' && r[i] == '9'))
	}
	return up || down
}
