//go:build !linux

package store

import "os"

// fdatasync is fsync where the platform offers nothing narrower.
func fdatasync(f *os.File) error { return f.Sync() }
