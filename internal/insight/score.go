package insight

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// TaskTest is the result of a moderated task test: participants tried the task on the website while an
// observer noted whether they succeeded and how long it took.
type TaskTest struct {
	ID           int64
	TaskID       int64
	TestedOn     string // YYYY-MM-DD
	Participants int
	Successes    int
	MedianSecs   int // median time of the participants who succeeded
	Note         string
	CreatedBy    string
}

// Validate checks a test result; the error says in Dutch what is wrong.
func (t *TaskTest) Validate() error {
	t.Note = strings.TrimSpace(t.Note)
	switch {
	case t.Participants < 1 || t.Participants > 10000:
		return fmt.Errorf("%w: Vul het aantal deelnemers in (1 of meer).", ErrInvalid)
	case t.Successes < 0 || t.Successes > t.Participants:
		return fmt.Errorf("%w: Het aantal geslaagde deelnemers moet tussen 0 en %d liggen.", ErrInvalid, t.Participants)
	case t.MedianSecs < 0 || t.MedianSecs > 24*3600:
		return fmt.Errorf("%w: De tijd moet tussen 0 en 86400 seconden liggen.", ErrInvalid)
	case t.Successes > 0 && t.MedianSecs == 0:
		return fmt.Errorf("%w: Vul de tijd in die de geslaagde deelnemers nodig hadden.", ErrInvalid)
	case utf8.RuneCountInString(t.Note) > 1000:
		return fmt.Errorf("%w: De toelichting is te lang. Gebruik maximaal 1000 tekens.", ErrInvalid)
	}
	return nil
}

// SuccessRate is the share of participants who completed the task.
func (t TaskTest) SuccessRate() float64 {
	if t.Participants == 0 {
		return 0
	}
	return float64(t.Successes) / float64(t.Participants)
}

// PerformanceScore is the task performance score, 0–100: the success rate, lowered in proportion when
// the median time exceeds the target time (twice the target time halves the score). Without a target
// time the score is the success rate alone.
func PerformanceScore(t TaskTest, targetSeconds int) float64 {
	score := t.SuccessRate()
	if targetSeconds > 0 && t.MedianSecs > targetSeconds {
		score *= float64(targetSeconds) / float64(t.MedianSecs)
	}
	return math.Round(score*1000) / 10
}
