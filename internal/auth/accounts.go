package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/problem"
)

// Token scopes: a read token may only read; a write token may also change what its role allows.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Account is a staff account as the account service sees it.
type Account struct {
	Staff
	Team         string
	PasswordHash string
	Disabled     bool
}

// Token is an API token without its secret.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Scope     string
	ExpiresAt time.Time
}

// AccountStore is the storage the account service needs; the store implements it.
type AccountStore interface {
	AccountByEmail(ctx context.Context, email string) (Account, error)
	Account(ctx context.Context, id int64) (Account, error)
	AddAccount(ctx context.Context, a Account) (int64, error)
	// SetAccountDisabled disables or enables an account; disabling ends its sessions and revokes its tokens.
	SetAccountDisabled(ctx context.Context, id int64, disabled bool) error
	SetAccountRole(ctx context.Context, id int64, role Role) error
	// SetAccountPassword replaces the hash and ends every session (but keepSession) and revokes every token.
	SetAccountPassword(ctx context.Context, id int64, hash, keepSession string) error
	ActiveAdmins(ctx context.Context) (int, error)
	AddToken(ctx context.Context, t Token, hash string) (int64, error)
	Token(ctx context.Context, id int64) (Token, error)
	DeleteToken(ctx context.Context, id int64) error
	AuditAccount(ctx context.Context, actor, action, objectType, objectID, detail string) error
}

// Accounts is the staff account service: the console and the CLI call the same operations, each audited.
type Accounts struct {
	store     AccountStore
	clock     func() time.Time
	maxTokens time.Duration // longest token lifetime
}

// NewAccounts builds the service; tokens live at most maxTokenAge.
func NewAccounts(st AccountStore, clock func() time.Time, maxTokenAge time.Duration) *Accounts {
	if clock == nil {
		clock = time.Now
	}
	if maxTokenAge <= 0 {
		maxTokenAge = 90 * 24 * time.Hour
	}
	return &Accounts{store: st, clock: clock, maxTokens: maxTokenAge}
}

// Safe messages of the account service.
var (
	errLastAdmin = problem.New(problem.Conflict, "Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder.")
	errSelf      = problem.New(problem.Conflict, "U kunt uw eigen account niet blokkeren of uw eigen rol veranderen.")
	errOldWrong  = problem.Field("huidig", "Uw huidige wachtwoord klopt niet.")
)

// Create makes an account with a password the policy accepts.
func (a *Accounts) Create(ctx context.Context, actor string, acc Account, password string) (int64, error) {
	var f problem.Fields
	acc.Email = strings.ToLower(strings.TrimSpace(acc.Email))
	if !strings.Contains(acc.Email, "@") || len(acc.Email) > 254 {
		f.Add("email", "Vul een geldig e-mailadres in.")
	}
	if _, err := ParseRole(string(acc.Role)); err != nil {
		f.Add("rol", "Kies een rol.")
	}
	if err := CheckPolicy(password); err != nil {
		f.Add("wachtwoord", problem.FieldsOf(err)["wachtwoord"])
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, err
	}
	acc.PasswordHash = hash
	id, err := a.store.AddAccount(ctx, acc)
	if err != nil {
		return 0, err
	}
	return id, a.store.AuditAccount(ctx, actor, "create", "user", acc.Email, "rol "+RoleNames[acc.Role])
}

// SetDisabled blocks or unblocks an account. Blocking ends its sessions and revokes its tokens at once;
// nobody blocks their own account or the last active administrator.
func (a *Accounts) SetDisabled(ctx context.Context, actor Staff, id int64, disabled bool) error {
	acc, err := a.store.Account(ctx, id)
	if err != nil {
		return err
	}
	if disabled && acc.ID == actor.ID {
		return errSelf
	}
	if disabled && acc.Role == RoleAdmin && !acc.Disabled {
		if err := a.notLastAdmin(ctx); err != nil {
			return err
		}
	}
	if err := a.store.SetAccountDisabled(ctx, id, disabled); err != nil {
		return err
	}
	action := "enable"
	if disabled {
		action = "disable"
	}
	return a.store.AuditAccount(ctx, actor.Email, action, "user", acc.Email, "")
}

// SetRole changes an account's role; the last active administrator keeps theirs.
func (a *Accounts) SetRole(ctx context.Context, actor Staff, id int64, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return problem.Field("rol", "Kies een rol.")
	}
	acc, err := a.store.Account(ctx, id)
	if err != nil {
		return err
	}
	if acc.ID == actor.ID {
		return errSelf
	}
	if acc.Role == RoleAdmin && role != RoleAdmin && !acc.Disabled {
		if err := a.notLastAdmin(ctx); err != nil {
			return err
		}
	}
	if err := a.store.SetAccountRole(ctx, id, role); err != nil {
		return err
	}
	return a.store.AuditAccount(ctx, actor.Email, "update", "user", acc.Email, fmt.Sprintf("rol %s wordt %s", RoleNames[acc.Role], RoleNames[role]))
}

func (a *Accounts) notLastAdmin(ctx context.Context) error {
	n, err := a.store.ActiveAdmins(ctx)
	if err != nil {
		return err
	}
	if n <= 1 {
		return errLastAdmin
	}
	return nil
}

// ResetPassword gives an account a new generated password, shown once to the administrator; every
// session of the account ends and every token is revoked.
func (a *Accounts) ResetPassword(ctx context.Context, actor string, id int64) (string, error) {
	acc, err := a.store.Account(ctx, id)
	if err != nil {
		return "", err
	}
	password := GeneratePassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	if err := a.store.SetAccountPassword(ctx, id, hash, ""); err != nil {
		return "", err
	}
	return password, a.store.AuditAccount(ctx, actor, "reset-password", "user", acc.Email, "sessies beëindigd, API-sleutels ingetrokken")
}

// ChangeOwnPassword lets a staff member replace their password after giving the current one; their
// other sessions end and their tokens are revoked, the session they use (keepSession, a hash) stays.
func (a *Accounts) ChangeOwnPassword(ctx context.Context, me Staff, current, next, keepSession string) error {
	acc, err := a.store.Account(ctx, me.ID)
	if err != nil {
		return err
	}
	ok, err := CheckPassword(acc.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return errOldWrong
	}
	if err := CheckPolicy(next); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	if err := a.store.SetAccountPassword(ctx, me.ID, hash, keepSession); err != nil {
		return err
	}
	return a.store.AuditAccount(ctx, me.Email, "change-password", "user", acc.Email, "andere sessies beëindigd, API-sleutels ingetrokken")
}

// CreateToken makes an API token for an account, with a scope and a lifetime of at most the maximum;
// the secret is returned once.
func (a *Accounts) CreateToken(ctx context.Context, actor string, userID int64, name, scope string, ttl time.Duration) (string, Token, error) {
	var f problem.Fields
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		f.Add("naam", "Geef de sleutel een naam van hoogstens 100 tekens.")
	}
	if scope != ScopeRead && scope != ScopeWrite {
		f.Add("bereik", "Kies alleen lezen of lezen en wijzigen.")
	}
	if ttl <= 0 || ttl > a.maxTokens {
		f.Add("geldig", fmt.Sprintf("Kies een geldigheid van 1 tot %d dagen.", int(a.maxTokens.Hours()/24)))
	}
	if err := f.Err(); err != nil {
		return "", Token{}, err
	}
	acc, err := a.store.Account(ctx, userID)
	if err != nil {
		return "", Token{}, err
	}
	secret := NewToken()
	t := Token{UserID: userID, Name: name, Scope: scope, ExpiresAt: a.clock().Add(ttl).UTC()}
	if t.ID, err = a.store.AddToken(ctx, t, HashSecret(secret)); err != nil {
		return "", Token{}, err
	}
	return secret, t, a.store.AuditAccount(ctx, actor, "create", "token", fmt.Sprint(t.ID),
		fmt.Sprintf("voor %s, %s, geldig tot %s", acc.Email, scope, t.ExpiresAt.Format(time.DateOnly)))
}

// RevokeToken revokes a token. Its owner may revoke it, and an administrator may revoke anyone's.
func (a *Accounts) RevokeToken(ctx context.Context, actor Staff, id int64) error {
	t, err := a.store.Token(ctx, id)
	if err != nil {
		return err
	}
	if t.UserID != actor.ID && actor.Role != RoleAdmin {
		return errors.Join(problem.New(problem.NotFound, "Deze sleutel bestaat niet (meer)."))
	}
	if err := a.store.DeleteToken(ctx, id); err != nil {
		return err
	}
	return a.store.AuditAccount(ctx, actor.Email, "revoke", "token", fmt.Sprint(id), "")
}

// errBadLogin is the one answer to a wrong address, a wrong password and a blocked account alike.
var errBadLogin = problem.New(problem.Forbidden, "Het e-mailadres of het wachtwoord klopt niet.")

// ErrBadLogin matches the answer to a failed sign-in.
var ErrBadLogin = errBadLogin

// dummyHash is checked for an unknown or blocked address, so it costs the same work (and waits in the
// same queue) as a real check and its timing says nothing.
var dummyHash = "$argon2id$v=19$m=65536,t=3,p=2$bG9rZXQgZHVtbXkgc2FsdA$yaM8Ck1DSGcOKLbGpOFiJ4B7R9QnWpBpqLgw8ZhV0S4"

// SignIn checks an address and password from clientAddr under the throttle. Unknown, blocked and wrong
// are one answer (ErrBadLogin); while the throttle asks to wait the answer is a TooMany problem saying
// how long, for known and unknown addresses alike; too many checks at once is ErrBusy.
func (a *Accounts) SignIn(ctx context.Context, th *Throttle, email, password, clientAddr string) (Account, error) {
	if wait := th.Wait(email, clientAddr); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		return Account{}, problem.New(problem.TooMany, fmt.Sprintf("Te veel mislukte pogingen. Wacht %d seconden en probeer het opnieuw.", secs))
	}
	acc, err := a.store.AccountByEmail(ctx, email)
	hash := acc.PasswordHash
	switch {
	case errors.Is(err, problem.ErrNotFound) || (err == nil && acc.Disabled):
		hash = dummyHash
	case err != nil:
		return Account{}, err
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return Account{}, err
	}
	if !ok || hash == dummyHash {
		th.Failed(email, clientAddr)
		return Account{}, errBadLogin
	}
	th.Succeeded(email)
	return acc, a.store.AuditAccount(ctx, acc.Email, "login", "user", acc.Email, "")
}

// MaxTokenAge is the longest lifetime a token may get.
func (a *Accounts) MaxTokenAge() time.Duration { return a.maxTokens }
