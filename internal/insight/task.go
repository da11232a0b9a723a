package insight

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is wrapped by validation errors of tasks, votes and task tests; the message after it is
// safe to show (in Dutch).
var ErrInvalid = errors.New("insight: invalid input")

// Task is one thing residents come to do, such as "Paspoort aanvragen", linked to the articles that
// answer it and the contact topics agents register for it.
type Task struct {
	ID            int64
	Name          string
	Description   string
	TargetSeconds int // the time a resident should need for the task online, for task tests
	Articles      []string
	Topics        []string
}

// Validate checks a task before it is stored; the error says in Dutch what is wrong.
func (t *Task) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	t.Description = strings.TrimSpace(t.Description)
	switch {
	case t.Name == "":
		return fmt.Errorf("%w: Vul de naam van de taak in.", ErrInvalid)
	case utf8.RuneCountInString(t.Name) > 120:
		return fmt.Errorf("%w: De naam is te lang. Gebruik maximaal 120 tekens.", ErrInvalid)
	case utf8.RuneCountInString(t.Description) > 1000:
		return fmt.Errorf("%w: De uitleg is te lang. Gebruik maximaal 1000 tekens.", ErrInvalid)
	case t.TargetSeconds < 0 || t.TargetSeconds > 24*3600:
		return fmt.Errorf("%w: De streeftijd moet tussen 0 en 86400 seconden liggen.", ErrInvalid)
	}
	t.Articles = cleanList(t.Articles)
	t.Topics = cleanList(t.Topics)
	return nil
}

// cleanList trims, drops empty entries and duplicates, keeping order.
func cleanList(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// SplitList splits what an editor typed in a text area (one per line or comma-separated) into a list.
func SplitList(s string) []string {
	return cleanList(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }))
}
