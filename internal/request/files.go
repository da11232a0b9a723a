package request

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Files keeps uploaded files under a directory, each named by its random id: never a name or path
// that came from the uploader.
type Files struct{ Dir string }

// ErrBadFileID is returned for an id that NewFileID cannot have made.
var ErrBadFileID = errors.New("request: bad file id")

func (f Files) path(id string) (string, error) {
	if !validFileID(id) {
		return "", ErrBadFileID
	}
	return filepath.Join(f.Dir, "uploads", id[:2], id), nil
}

// Save writes a file durably (temporary file, sync, rename) before its record is committed.
func (f Files) Save(id string, data []byte) error {
	p, err := f.path(id)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("upload directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return fmt.Errorf("store upload: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store upload: %w", err)
	}
	return nil
}

// Open opens a stored file for reading.
func (f Files) Open(id string) (*os.File, error) {
	p, err := f.path(id)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}
