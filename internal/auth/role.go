// Package auth holds staff identities: roles, argon2id passwords, sessions and API tokens.
package auth

import (
	"context"
	"fmt"
	"slices"
)

// Role is what a staff member may do in loket.
type Role string

// The roles of DESIGN.md.
const (
	RoleAgent   Role = "agent"   // contact centre (KCC): inbox, registrations
	RoleEditor  Role = "editor"  // knowledge base
	RoleHandler Role = "handler" // case handler: requests and objections
	RoleManager Role = "manager" // figures, service levels, staffing
	RoleAdmin   Role = "admin"   // accounts, settings, audit log
)

// Roles lists every role in a stable order.
var Roles = []Role{RoleAgent, RoleEditor, RoleHandler, RoleManager, RoleAdmin}

// RoleNames are the Dutch names shown in the console.
var RoleNames = map[Role]string{
	RoleAgent: "KCC-medewerker", RoleEditor: "Webredacteur", RoleHandler: "Behandelaar",
	RoleManager: "Manager", RoleAdmin: "Beheerder",
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(Roles, r) {
		return "", fmt.Errorf("unknown role %q: use one of agent, editor, handler, manager, admin", s)
	}
	return r, nil
}

// Staff is a signed-in staff member.
type Staff struct {
	ID    int64
	Email string
	Name  string
	Role  Role
	// TokenScope is the scope of the API token the request came with (ScopeRead or ScopeWrite); empty
	// for a console session.
	TokenScope string
}

// ReadOnly reports whether the staff member came with a read-only API token.
func (s Staff) ReadOnly() bool { return s.TokenScope == ScopeRead }

// Can reports whether the staff member has one of the roles.
func (s Staff) Can(roles ...Role) bool { return slices.Contains(roles, s.Role) }

type ctxKey struct{}

// WithStaff returns a context that carries the signed-in staff member.
func WithStaff(ctx context.Context, s Staff) context.Context {
	return context.WithValue(ctx, ctxKey{}, s)
}

// StaffFrom returns the staff member of a request context, if any.
func StaffFrom(ctx context.Context) (Staff, bool) {
	s, ok := ctx.Value(ctxKey{}).(Staff)
	return s, ok
}
