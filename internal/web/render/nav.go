package render

// ConsoleNav is the console's one navigation: the sections the signed-in staff member may open, the
// current one marked, with counters that the page's script keeps up to date from CountsURL.
type ConsoleNav struct {
	Items     []NavItem
	CountsURL string // JSON with the same counter keys, polled without reloading the page
	Refresh   int    // seconds between two polls
}

// NavItem is one section of the console navigation.
type NavItem struct {
	Label, URL string
	Current    bool
	Counters   []NavCounter
}

// NavCounter is a live number beside a section: Key names it in the counts JSON, Word says what it counts
// ("nieuw", "van mij") and Spoken is the longer text for screen readers.
type NavCounter struct {
	Key, Word, Spoken string
	Count             int
	Known             bool // false: not counted for this page (shown empty until the script fills it)
}
