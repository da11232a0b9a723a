package insight

import (
	"fmt"
	"math"
)

// ChannelSetting is what the channel dashboard needs to know that events do not tell: the staff (FTE)
// working on a channel and what one contact through it costs.
type ChannelSetting struct {
	Channel   string
	FTE       float64
	CostCents int64 // cost of one contact in euro cents
}

// Validate checks a setting; the error says in Dutch what is wrong.
func (c ChannelSetting) Validate() error {
	name := ChannelNames[c.Channel]
	switch {
	case name == "":
		return fmt.Errorf("%w: Onbekend kanaal %q.", ErrInvalid, c.Channel)
	case math.IsNaN(c.FTE) || c.FTE < 0 || c.FTE > 10000:
		return fmt.Errorf("%w: %s: vul een aantal fte in tussen 0 en 10000.", ErrInvalid, name)
	case c.CostCents < 0 || c.CostCents > 10_000_000:
		return fmt.Errorf("%w: %s: vul kosten per contact in tussen 0 en 100000 euro.", ErrInvalid, name)
	}
	return nil
}

// ChannelRow is one line of the channel dashboard.
type ChannelRow struct {
	Channel        string  `json:"channel"`
	Name           string  `json:"-"`
	Contacts       int64   `json:"contacts"`
	FTE            float64 `json:"fte"`
	ContactsPerFTE float64 `json:"contacts_per_fte"` // 0 when nobody is assigned to the channel
	Share          float64 `json:"-"`                // share of all contacts
	CostPerContact float64 `json:"-"`                // euro
	Cost           float64 `json:"-"`                // euro: contacts × cost per contact
}

// ChannelTable puts contacts per channel next to the staff per channel, in the order of Channels.
func ChannelTable(contacts map[string]int64, settings map[string]ChannelSetting) []ChannelRow {
	var total int64
	for _, n := range contacts {
		total += n
	}
	rows := make([]ChannelRow, 0, len(Channels))
	for _, ch := range Channels {
		set := settings[ch]
		row := ChannelRow{Channel: ch, Name: ChannelNames[ch], Contacts: contacts[ch], FTE: set.FTE,
			CostPerContact: float64(set.CostCents) / 100}
		if set.FTE > 0 {
			row.ContactsPerFTE = math.Round(float64(row.Contacts) / set.FTE)
		}
		if total > 0 {
			row.Share = float64(row.Contacts) / float64(total)
		}
		row.Cost = float64(row.Contacts) * row.CostPerContact
		rows = append(rows, row)
	}
	return rows
}
