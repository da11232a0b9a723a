package identity

import (
	"errors"

	"loket/internal/problem"
)

// Reasons a login is refused; each is wrapped in a problem with a Dutch message the login page shows.
var (
	ErrStateUnknown  = errors.New("identity: unknown, used or expired login state")
	ErrWrongIssuer   = errors.New("identity: ID token from another issuer")
	ErrWrongAudience = errors.New("identity: ID token for another client")
	ErrExpired       = errors.New("identity: ID token expired")
	ErrBadSignature  = errors.New("identity: ID token signature does not verify")
	ErrNonce         = errors.New("identity: ID token nonce does not match")
	ErrLevelTooLow   = errors.New("identity: level of assurance too low")
	ErrDenied        = errors.New("identity: the broker returned an error")
	ErrUnavailable   = errors.New("identity: the broker cannot be reached")
	ErrNotConfigured = errors.New("identity: no broker configured")
	ErrSessionEnded  = errors.New("identity: no session, or it ended")
	errMissingClaim  = errors.New("identity: ID token lacks a valid identifier")
)

// The safe Dutch messages of each refusal.
var refusals = map[error]string{
	ErrStateUnknown:  "Deze inlogpoging is al gebruikt of verlopen. Log opnieuw in.",
	ErrWrongIssuer:   "Het antwoord op uw inlogpoging kwam niet van de inlogdienst die wij gebruiken. Daarom bent u niet ingelogd. Log opnieuw in.",
	ErrWrongAudience: "Het antwoord op uw inlogpoging was niet voor deze website bedoeld. Daarom bent u niet ingelogd. Log opnieuw in.",
	ErrExpired:       "Uw inlogpoging duurde te lang en is verlopen. Log opnieuw in.",
	ErrBadSignature:  "We konden niet controleren dat het antwoord op uw inlogpoging echt is. Daarom bent u niet ingelogd. Log opnieuw in.",
	ErrNonce:         "Het antwoord op uw inlogpoging hoort niet bij deze poging. Log opnieuw in.",
	ErrDenied:        "Het inloggen is gestopt of niet gelukt. U bent niet ingelogd.",
	ErrUnavailable:   "De inlogdienst is nu niet bereikbaar. Probeer het over een paar minuten opnieuw.",
	ErrNotConfigured: "Inloggen is bij deze gemeente nog niet mogelijk.",
	ErrSessionEnded:  "U bent niet (meer) ingelogd. Log opnieuw in.",
	errMissingClaim:  "De inlogdienst gaf geen geldig burgerservicenummer of KvK-nummer door. Daarom bent u niet ingelogd.",
}

func refuse(reason error, cause error) error {
	kind := problem.Forbidden
	if reason == ErrUnavailable || reason == ErrNotConfigured {
		kind = problem.Internal
	}
	if cause == nil {
		cause = reason
	} else {
		cause = errors.Join(reason, cause)
	}
	return problem.Wrap(kind, refusals[reason], cause)
}
