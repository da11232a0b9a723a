package insight

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
)

// MaxVotes is how many tasks a visitor may pick in the top-task survey.
const MaxVotes = 5

// ParseVote checks the task ids a visitor picked: at least one, at most MaxVotes, each a known task,
// none twice. The error says in Dutch what is wrong.
func ParseVote(picked []string, known map[int64]bool) ([]int64, error) {
	if len(picked) == 0 {
		return nil, fmt.Errorf("%w: Kies minstens 1 taak.", ErrInvalid)
	}
	if len(picked) > MaxVotes {
		return nil, fmt.Errorf("%w: U hebt %d taken gekozen. Kies er maximaal %d.", ErrInvalid, len(picked), MaxVotes)
	}
	var ids []int64
	for _, p := range picked {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || !known[id] {
			return nil, fmt.Errorf("%w: Een van de gekozen taken bestaat niet (meer). Kies opnieuw.", ErrInvalid)
		}
		if slices.Contains(ids, id) {
			return nil, fmt.Errorf("%w: U hebt een taak twee keer gekozen.", ErrInvalid)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Shuffle puts tasks in random order, so the order of the list does not steer the votes.
func Shuffle[T any](items []T) {
	rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
}

// TaskVotes is one row of the survey's league table.
type TaskVotes struct {
	TaskID     int64
	Name       string
	Votes      int
	Share      float64 // share of all votes
	Cumulative float64 // share of the votes of this task and every task above it
	Top        bool    // among the tasks that together take the first half of the votes
}

// LeagueTable orders tasks by votes (then name) and marks the top tasks: the smallest group from the top
// that together takes at least half of all votes. This is the "long neck" of top-task research.
func LeagueTable(rows []TaskVotes) []TaskVotes {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b TaskVotes) int {
		if a.Votes != b.Votes {
			return b.Votes - a.Votes
		}
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	total := 0
	for _, r := range out {
		total += r.Votes
	}
	if total == 0 {
		return out
	}
	running := 0
	for i := range out {
		before := running
		running += out[i].Votes
		out[i].Share = float64(out[i].Votes) / float64(total)
		out[i].Cumulative = float64(running) / float64(total)
		out[i].Top = out[i].Votes > 0 && 2*before < total
	}
	return out
}
