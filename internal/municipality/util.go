package municipality

import (
	"maps"
	"path/filepath"
	"slices"
)

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// resolve reads a path in a settings file relative to the file itself.
func resolve(settingsFile, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(settingsFile), p)
}
