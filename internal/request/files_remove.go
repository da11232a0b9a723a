package request

import (
	"errors"
	"io/fs"
	"os"
)

// Remove deletes a stored file; one that is already gone is no error.
func (f Files) Remove(id string) error {
	p, err := f.path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
