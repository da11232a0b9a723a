package insight

import "fmt"

// WhatIfInput asks what moving a share of contacts to online answers (the website, a
// knowledge-base article, a form) would save.
type WhatIfInput struct {
	Base StaffingInput // the busiest or a typical hour today
	// ShiftedShare is the share of contacts that would no longer come in, 0–1.
	ShiftedShare float64
	// StaffedHoursPerYear is how many hours a year the channel is staffed at Base's level,
	// e.g. 52 weeks × 5 days × 8.5 hours = 2210.
	StaffedHoursPerYear float64
	// HoursPerFTE is the paid hours of one full-time employee a year, e.g. 36 × 52 = 1872.
	// Shrinkage is already in ScheduledAgents, so these are paid, not productive, hours.
	HoursPerFTE float64
}

// WhatIfResult compares staffing before and after the shift.
type WhatIfResult struct {
	Before, After StaffingResult
	FreedAgents   int     // scheduled agents saved per staffed hour
	FreedFTE      float64 // FreedAgents × StaffedHoursPerYear / HoursPerFTE
}

// WhatIf recomputes staffing with fewer arrivals and converts the saved scheduled agents into
// FTE. It assumes every staffed hour looks like Base; with a real intraday pattern, run
// Staffing per interval and sum, because Erlang C is not linear in the load: the saving per
// contact is larger in quiet hours than in busy ones.
func WhatIf(in WhatIfInput) (WhatIfResult, error) {
	switch {
	case in.ShiftedShare < 0 || in.ShiftedShare > 1:
		return WhatIfResult{}, fmt.Errorf("%w: shifted share must be between 0 and 1", ErrInvalidStaffing)
	case in.StaffedHoursPerYear <= 0 || in.StaffedHoursPerYear > 8784:
		return WhatIfResult{}, fmt.Errorf("%w: staffed hours per year must be between 0 and 8784", ErrInvalidStaffing)
	case in.HoursPerFTE <= 0 || in.HoursPerFTE > 8784:
		return WhatIfResult{}, fmt.Errorf("%w: hours per FTE must be between 0 and 8784", ErrInvalidStaffing)
	}
	before, err := Staffing(in.Base)
	if err != nil {
		return WhatIfResult{}, err
	}
	shifted := in.Base
	shifted.ArrivalsPerHour *= 1 - in.ShiftedShare
	after, err := Staffing(shifted)
	if err != nil {
		return WhatIfResult{}, err
	}
	freed := before.ScheduledAgents - after.ScheduledAgents
	return WhatIfResult{
		Before:      before,
		After:       after,
		FreedAgents: freed,
		FreedFTE:    float64(freed) * in.StaffedHoursPerYear / in.HoursPerFTE,
	}, nil
}
