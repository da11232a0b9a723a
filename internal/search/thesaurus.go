package search

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// thesaurusFS is the national thesaurus: one file per theme, in the format described at Synonyms, kept by
// editors (see thesaurus/LEESMIJ.md).
//
//go:embed thesaurus/*.txt
var thesaurusFS embed.FS

// localTemplate is the starting point of a municipality's own list of words.
//
//go:embed eigen-woorden.txt
var localTemplate []byte

var (
	thesaurusOnce sync.Once
	thesaurus     *Synonyms
)

// businessTheme is the theme of the thesaurus whose words say that a query is about a business.
const businessTheme = "Ondernemen"

// Thesaurus returns the national thesaurus that ships with loket. Every index uses it, with a
// municipality's own words on top.
func Thesaurus() *Synonyms {
	thesaurusOnce.Do(func() {
		s := newSynonyms()
		for _, f := range ThesaurusFiles() {
			s.loadingBusiness = f.Theme == businessTheme
			mustLoad("thesaurus/"+f.Name, []byte(f.Text), s)
		}
		s.loadingBusiness = false
		thesaurus = s
	})
	return thesaurus
}

// ThesaurusFile is one theme file of the national thesaurus.
type ThesaurusFile struct {
	Name  string // file name, such as "afval.txt"
	Theme string // the theme, from the file's first "# Thema:" line, else the name
	Text  string
}

// ThesaurusFiles returns the theme files of the national thesaurus, by name, for editors to read.
func ThesaurusFiles() []ThesaurusFile {
	entries, err := fs.Glob(thesaurusFS, "thesaurus/*.txt")
	if err != nil {
		panic(err) // the pattern is constant
	}
	sort.Strings(entries)
	out := make([]ThesaurusFile, 0, len(entries))
	for _, e := range entries {
		data, err := thesaurusFS.ReadFile(e)
		if err != nil {
			panic(err) // embedded
		}
		f := ThesaurusFile{Name: path.Base(e), Text: string(data)}
		f.Theme = strings.TrimSuffix(f.Name, ".txt")
		for _, line := range strings.SplitN(f.Text, "\n", 5) {
			if t, ok := strings.CutPrefix(line, "# Thema:"); ok {
				f.Theme = strings.TrimSpace(t)
				break
			}
		}
		out = append(out, f)
	}
	return out
}

// DefaultSynonyms returns the national thesaurus.
func DefaultSynonyms() *Synonyms { return Thesaurus() }

// DefaultSynonymsText is the starting point of a municipality's own list of words, which comes on top of
// the national thesaurus.
func DefaultSynonymsText() string { return string(localTemplate) }
