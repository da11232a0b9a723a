package store

import (
	"os"
	"syscall"
)

// fdatasync flushes a file's data and the size needed to read it back, not its timestamps.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
