package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// field is how one setting's text becomes its typed value in Config. given reports whether the value was
// set in Go before Load (a test or a command setting a field directly, which wins like a flag); parse
// reads the text and stores the value; check validates a value given in Go.
type field interface {
	given(c *Config) bool
	parse(c *Config, text string) error
	check(c *Config) error
}

// typed is a field of type T: parse turns text into a T, valid checks one.
type typed[T any] struct {
	get   func(*Config) *T
	read  func(string) (T, error)
	valid func(T) error
	zero  func(T) bool
}

func (f typed[T]) given(c *Config) bool { return !f.zero(*f.get(c)) }

func (f typed[T]) parse(c *Config, text string) error {
	v, err := f.read(text)
	if err != nil {
		return err
	}
	if err := f.check1(v); err != nil {
		return err
	}
	*f.get(c) = v
	return nil
}

func (f typed[T]) check(c *Config) error { return f.check1(*f.get(c)) }

func (f typed[T]) check1(v T) error {
	if f.valid == nil {
		return nil
	}
	return f.valid(v)
}

// text is a string setting, checked by every validate given (an empty text passes optional ones).
func text(get func(*Config) *string, validate ...func(string) error) field {
	return typed[string]{get: get, read: func(v string) (string, error) { return v, nil }, zero: func(v string) bool { return v == "" },
		valid: func(v string) error {
			for _, fn := range validate {
				if err := fn(v); err != nil {
					return err
				}
			}
			return nil
		}}
}

// duration is a Go duration (90s, 5m, 24h) from lo to hi; with offAllowed, 0 also (off).
func duration(get func(*Config) *time.Duration, lo, hi time.Duration, offAllowed bool) field {
	return typed[time.Duration]{get: get, zero: func(d time.Duration) bool { return d == 0 },
		read: func(v string) (time.Duration, error) {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil {
				return 0, fmt.Errorf("%q is not a duration such as 30s, 5m or 6h", v)
			}
			return d, nil
		},
		valid: func(d time.Duration) error {
			if (d == 0 && offAllowed) || (d >= lo && d <= hi) {
				return nil
			}
			if offAllowed {
				return fmt.Errorf("%s is not from %s to %s; use 0 to turn it off", d, lo, hi)
			}
			return fmt.Errorf("%s is not a duration from %s to %s", d, lo, hi)
		}}
}

// integer is a whole number from lo to hi.
func integer(get func(*Config) *int, lo, hi int) field {
	return typed[int]{get: get, zero: func(n int) bool { return n == 0 },
		read: func(v string) (int, error) {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return 0, fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
			}
			return n, nil
		},
		valid: func(n int) error {
			if n < lo || n > hi {
				return fmt.Errorf("%d is not a whole number from %d to %d", n, lo, hi)
			}
			return nil
		}}
}

// size is a number of bytes written as 500KB, 100MB or 1GB (powers of 1024) or a plain number.
func size(get func(*Config) *int64) field {
	return typed[int64]{get: get, zero: func(n int64) bool { return n == 0 }, read: ParseBytes,
		valid: func(n int64) error {
			if n < 0 {
				return fmt.Errorf("%d is not a size", n)
			}
			return nil
		}}
}

// list is a list of items separated by sep ("," or " " for whitespace), each checked by validate.
func list(get func(*Config) *[]string, sep string, validate func(string) error) field {
	return typed[[]string]{get: get, zero: func(l []string) bool { return len(l) == 0 },
		read: func(v string) ([]string, error) {
			var items []string
			if sep == " " {
				items = strings.Fields(v)
			} else {
				for _, it := range strings.Split(v, sep) {
					if it = strings.TrimSpace(it); it != "" {
						items = append(items, it)
					}
				}
			}
			return items, nil
		},
		valid: func(l []string) error {
			if validate == nil {
				return nil
			}
			var errs []error
			for _, it := range l {
				if err := validate(it); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		}}
}

// switchOnOff is "on" (true) or "off" (false).
func switchOnOff(get func(*Config) *bool) field { return choice(get, "on", "off") }

// choice is a switch written as one of two words: yes (true) or no (false). A switch is always read from
// its text, because false set in Go cannot be told from unset: a test sets one with Config.Set.
func choice(get func(*Config) *bool, yes, no string) field {
	return typed[bool]{get: get, zero: func(bool) bool { return true },
		read: func(v string) (bool, error) {
			switch strings.TrimSpace(v) {
			case yes:
				return true, nil
			case no:
				return false, nil
			}
			return false, fmt.Errorf("%q is not %s or %s", v, yes, no)
		}}
}

// prefixes is a comma-separated list of addresses and CIDR ranges; a single address is a /32 or /128.
func prefixes(get func(*Config) *[]netip.Prefix) field {
	return typed[[]netip.Prefix]{get: get, zero: func(l []netip.Prefix) bool { return len(l) == 0 }, read: parsePrefixes}
}

func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%q is not an address or CIDR range", f))
			continue
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, errors.Join(errs...)
}

// ParseBytes reads a size such as 500KB, 100MB or 1GB (powers of 1024) or a plain number of bytes.
func ParseBytes(v string) (int64, error) {
	orig := v
	v = strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size such as 100MB", orig)
	}
	return n * mult, nil
}

// Validators of text settings.

func optional(validate func(string) error) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return validate(v)
	}
}

func notEmpty(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("must not be empty")
	}
	return nil
}

func oneOf(values ...string) func(string) error {
	return func(v string) error {
		if !slices.Contains(values, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(values, ", "))
		}
		return nil
	}
}

func validateAddr(v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	return nil
}

func validateBaseURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", v)
	}
	return nil
}

// validateAddress accepts one e-mail address; validateAddressList one or more, comma-separated.
func validateAddress(v string) error {
	if _, err := mail.ParseAddress(v); err != nil {
		return fmt.Errorf("%q is not an e-mail address", v)
	}
	return nil
}

func validateAddressList(v string) error {
	if _, err := mail.ParseAddressList(v); err != nil {
		return fmt.Errorf("%q is not a list of e-mail addresses: %v", v, err)
	}
	return nil
}

// validatePairs accepts "name=value; name=value" (or empty); the names a capability reads it checks itself.
func validatePairs(v string) error {
	for part := range strings.SplitSeq(v, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if k, val, ok := strings.Cut(part, "="); !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
			return fmt.Errorf("%q is not NAME=VALUE", part)
		}
	}
	return nil
}

// validateKey accepts 32 bytes written as base64.
func validateKey(v string) error {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	if err != nil || len(b) != 32 {
		return errors.New("not 32 bytes in base64 (make one with: openssl rand -base64 32)")
	}
	return nil
}
