package render

import "loket/internal/request"

// MessageForm is the message box under a request, on the status page and the case page.
type MessageForm struct {
	Text, Error, FileError string
	Thanks                 bool
}

// EventView is one event of a request's timeline with who did it and the Dutch name of its status.
type EventView struct {
	request.Event
	Who        string
	StatusName string
}

// Who is how the console names the actor of a timeline entry: the requester, loket itself, or the
// handler by the name the service recorded.
func Who(actor string) string {
	switch actor {
	case request.ActorRequester:
		return "Indiener"
	case "", request.ActorLoket:
		return "loket"
	}
	return actor
}
