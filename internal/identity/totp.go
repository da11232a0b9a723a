package identity

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"loket/internal/problem"
)

// TOTPRecord is a staff member's second factor as the store keeps it: the secret sealed.
type TOTPRecord struct {
	UserID    int64
	Sealed    string
	Confirmed bool
	LastStep  int64
	CreatedAt time.Time
}

// TOTPChallenge is the step between a right password and the code.
type TOTPChallenge struct {
	TokenHash string
	UserID    int64
	Back      string
	Attempts  int
	CreatedAt time.Time
}

// TOTPStore is what the second factor needs from the database.
type TOTPStore interface {
	SaveTOTP(ctx context.Context, r TOTPRecord) error
	TOTP(ctx context.Context, userID int64) (TOTPRecord, error)
	ConfirmTOTP(ctx context.Context, userID int64, step int64) error
	// UseTOTPStep records a used time step; false when it is not later than the last one (a replayed code).
	UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error)
	DeleteTOTP(ctx context.Context, userID int64) error
	SaveTOTPChallenge(ctx context.Context, c TOTPChallenge) error
	TOTPChallenge(ctx context.Context, tokenHash string) (TOTPChallenge, error)
	CountTOTPAttempt(ctx context.Context, tokenHash string) error
	DeleteTOTPChallenge(ctx context.Context, tokenHash string) error
}

// TOTP owns the second factor of local staff accounts (RFC 6238: SHA-1, 6 digits, 30 seconds, one step
// of clock drift either way): enrolment confirmed by a first code, a code used once, five tries per
// sign-in, and a challenge that lasts five minutes.
type TOTP struct {
	store  TOTPStore
	sealer *Sealer
	clock  func() time.Time
	issuer string
	// Mandatory makes every password sign-in need a second factor; an account without one enrols first.
	Mandatory bool
}

// NewTOTP builds the second factor; key is the encryption key of the secrets (the identity key).
func NewTOTP(st TOTPStore, key, issuer string, clock func() time.Time) (*TOTP, error) {
	sealer, err := NewSealer(key)
	if err != nil {
		return nil, err
	}
	if clock == nil {
		clock = time.Now
	}
	return &TOTP{store: st, sealer: sealer, clock: clock, issuer: issuer}, nil
}

var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

const (
	challengeTTL   = 5 * time.Minute
	maxTOTPAttempt = 5
)

// Enrolment is a new secret to put in an authenticator app, until a first code confirms it.
type Enrolment struct {
	Secret string // base32, for typing in
	URL    string // otpauth:// URL, for a QR code
}

// Enrol gives the unconfirmed secret of a staff member, made now if there is none.
func (t *TOTP) Enrol(ctx context.Context, userID int64, email string) (Enrolment, error) {
	if r, err := t.store.TOTP(ctx, userID); err == nil && r.Confirmed {
		return Enrolment{}, problem.New(problem.Conflict, "U hebt de tweede stap al aangezet.")
	} else if err == nil {
		secret, err := t.sealer.OpenString(r.Sealed)
		if err != nil {
			return Enrolment{}, err
		}
		key, err := otp.NewKeyFromURL("otpauth://totp/" + url.PathEscape(t.issuer+":"+email) + "?secret=" + string(secret) + "&issuer=" + url.QueryEscape(t.issuer))
		if err != nil {
			return Enrolment{}, err
		}
		return Enrolment{Secret: key.Secret(), URL: key.URL()}, nil
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: t.issuer, AccountName: email, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, err
	}
	err = t.store.SaveTOTP(ctx, TOTPRecord{UserID: userID, Sealed: t.sealer.SealString([]byte(key.Secret())), CreatedAt: t.clock().UTC()})
	return Enrolment{Secret: key.Secret(), URL: key.URL()}, err
}

// Confirm turns the second factor on once the staff member types a right code from the new secret.
func (t *TOTP) Confirm(ctx context.Context, userID int64, code string) error {
	r, err := t.store.TOTP(ctx, userID)
	if err != nil {
		return err
	}
	step, ok, err := t.match(r, code)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Field("code", "Deze code klopt niet. Typ de 6 cijfers die uw app nu laat zien.")
	}
	return t.store.ConfirmTOTP(ctx, userID, step)
}

// Required reports whether the account has a confirmed second factor.
func (t *TOTP) Required(ctx context.Context, userID int64) (bool, error) {
	if t == nil {
		return false, nil
	}
	r, err := t.store.TOTP(ctx, userID)
	if errors.Is(err, problem.ErrNotFound) {
		return false, nil
	}
	return err == nil && r.Confirmed, err
}

// Challenge starts the code step after a right password; the token goes into a cookie.
func (t *TOTP) Challenge(ctx context.Context, userID int64, back string) (string, error) {
	token := randomString()
	err := t.store.SaveTOTPChallenge(ctx, TOTPChallenge{TokenHash: t.sealer.Lookup("totp", token), UserID: userID, Back: back, CreatedAt: t.clock().UTC()})
	return token, err
}

// Verify checks a code against a challenge and returns the account and where to go; a code works once.
func (t *TOTP) Verify(ctx context.Context, token, code string) (userID int64, back string, err error) {
	hash := t.sealer.Lookup("totp", token)
	c, err := t.store.TOTPChallenge(ctx, hash)
	if errors.Is(err, problem.ErrNotFound) || (err == nil && (t.clock().Sub(c.CreatedAt) > challengeTTL || c.Attempts >= maxTOTPAttempt)) {
		if err == nil {
			err = t.store.DeleteTOTPChallenge(ctx, hash)
		}
		return 0, "", errors.Join(problem.New(problem.Forbidden, "Deze inlogpoging is verlopen. Log opnieuw in met uw wachtwoord."), err)
	}
	if err != nil {
		return 0, "", err
	}
	if err := t.store.CountTOTPAttempt(ctx, hash); err != nil {
		return 0, "", err
	}
	r, err := t.store.TOTP(ctx, c.UserID)
	if err != nil {
		return 0, "", err
	}
	step, ok, err := t.match(r, code)
	if err == nil && ok {
		ok, err = t.store.UseTOTPStep(ctx, c.UserID, step)
	}
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", problem.Field("code", "Deze code klopt niet of is al gebruikt. Typ de 6 cijfers die uw app nu laat zien.")
	}
	return c.UserID, c.Back, t.store.DeleteTOTPChallenge(ctx, hash)
}

// match finds the time step (now, one before or one after) whose code is code.
func (t *TOTP) match(r TOTPRecord, code string) (int64, bool, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false, nil
	}
	secret, err := t.sealer.OpenString(r.Sealed)
	if err != nil {
		return 0, false, err
	}
	now := t.clock()
	for _, drift := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(drift) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(string(secret), at, totpOpts)
		if err != nil {
			return 0, false, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / 30, true, nil
		}
	}
	return 0, false, nil
}

// Pending is the account behind a challenge that has not been answered, for the enrolment a sign-in
// must make first when a second factor is required.
func (t *TOTP) Pending(ctx context.Context, token string) (int64, error) {
	c, err := t.store.TOTPChallenge(ctx, t.sealer.Lookup("totp", token))
	if errors.Is(err, problem.ErrNotFound) || (err == nil && t.clock().Sub(c.CreatedAt) > challengeTTL) {
		return 0, problem.New(problem.Forbidden, "Deze inlogpoging is verlopen. Log opnieuw in met uw wachtwoord.")
	}
	return c.UserID, err
}

// ConfirmPending turns on the second factor enrolled during a sign-in and ends the challenge; the sign-in
// then goes on as after a right code.
func (t *TOTP) ConfirmPending(ctx context.Context, token, code string) (userID int64, back string, err error) {
	hash := t.sealer.Lookup("totp", token)
	c, err := t.store.TOTPChallenge(ctx, hash)
	if errors.Is(err, problem.ErrNotFound) || (err == nil && (t.clock().Sub(c.CreatedAt) > challengeTTL || c.Attempts >= maxTOTPAttempt)) {
		return 0, "", problem.New(problem.Forbidden, "Deze inlogpoging is verlopen. Log opnieuw in met uw wachtwoord.")
	}
	if err != nil {
		return 0, "", err
	}
	if err := t.store.CountTOTPAttempt(ctx, hash); err != nil {
		return 0, "", err
	}
	if err := t.Confirm(ctx, c.UserID, code); err != nil {
		return 0, "", err
	}
	return c.UserID, c.Back, t.store.DeleteTOTPChallenge(ctx, hash)
}
