package contact

import "time"

// PresenceTTL is how long an agent counts as looking at a conversation after the page last said so; the
// console says it again every few seconds while the page is open.
const PresenceTTL = 30 * time.Second

// Viewer is a colleague who has a conversation open, and whether they are typing an answer.
type Viewer struct {
	StaffID int64
	Name    string
	Typing  bool
	SeenAt  time.Time
}

// Agent is the colleague who acts: their id, e-mail address and name.
type Agent struct {
	ID    int64
	Email string
	Name  string
}

// DisplayName is how residents and colleagues see the agent: the name, else the e-mail address.
func (a Agent) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Email
}
