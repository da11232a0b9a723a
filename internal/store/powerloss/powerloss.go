// Package powerloss simulates a power cut under SQLite, for durability tests. It registers a SQLite VFS
// that wraps the operating system's one: every read and write still goes to the real files, and beside
// them it keeps what a disk would hold after a power cut, the content of each database, WAL and journal
// file as of its last fsync. A write that no fsync followed is in the operating system's page cache only;
// Crash writes out what the disk holds at that moment, dropping such writes (or, in KeepSome mode, keeping
// an arbitrary part of each, as a disk may have written some of its cache before the power went), and a
// test opens that copy as the machine would after a restart.
//
// What it cannot simulate: a disk or controller that acknowledges an fsync it has not done (a drive with
// a volatile write cache and no barrier support), a file system that loses a file's directory entry
// after the file was fsync'd (a file counts as existing from its first fsync), and damage to bytes that
// were not being written (SQLite assumes "powersafe overwrite"; so does this model).
package powerloss

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// VFS is the name to pass as the vfs URI parameter (file:path?vfs=powerloss) of a database whose files
// the simulation follows.
const VFS = "powerloss"

// Mode says what happens at the crash to the writes no fsync followed.
type Mode int

// Modes of Crash.
const (
	// DropUnsynced loses every write that no fsync of its file followed.
	DropUnsynced Mode = iota
	// KeepSome keeps each unsynced write whole, drops it, or keeps only its first sectors (a torn write),
	// chosen at random: the disk wrote an arbitrary part of its cache before the power went.
	KeepSome
)

const sectorSize = 512

// op is one write or truncation since the file's last fsync.
type op struct {
	seq      uint64 // order among all writes, to tell which ones an fsync covers
	off      int64
	data     []byte
	truncate bool // cut the file at off
}

// disk is one file as the simulation sees it: durable is its content after its last fsync, pending the
// changes since, in order. A file exists on the disk once it was fsync'd (or was there before).
type disk struct {
	durable []byte
	exists  bool
	pending []op
}

func (d *disk) apply(o op) {
	if o.truncate {
		if o.off < int64(len(d.durable)) {
			d.durable = d.durable[:o.off]
		}
		return
	}
	if end := o.off + int64(len(o.data)); end > int64(len(d.durable)) {
		d.durable = append(d.durable, make([]byte, end-int64(len(d.durable)))...)
	}
	copy(d.durable[o.off:], o.data)
}

var (
	mu    sync.Mutex
	disks = map[string]*disk{}   // by absolute path
	seq   uint64                 // the last op's number
	files = map[uintptr]string{} // open sqlite3_file → path, for the files followed

	registerOnce sync.Once
	registerErr  error

	inner   uintptr // the operating system's VFS
	shimVFS sqlite3.Tsqlite3_vfs
	shimIO  sqlite3.Tsqlite3_io_methods
)

// The simulation's file wraps the real one, which lives behind it in the same allocation.
const realOffset = 16

// Register installs the VFS once per process; it is safe to call from every test.
func Register() error {
	registerOnce.Do(func() { registerErr = register() })
	return registerErr
}

func register() error {
	tls := libc.NewTLS()
	inner = sqlite3.Xsqlite3_vfs_find(tls, 0)
	if inner == 0 {
		return errors.New("powerloss: no default VFS")
	}
	name, err := libc.CString(VFS)
	if err != nil {
		return err
	}
	shimVFS = *(*sqlite3.Tsqlite3_vfs)(ptr(inner))
	shimVFS.FszOsFile += realOffset
	shimVFS.FpNext = 0
	shimVFS.FzName = name
	shimVFS.FxOpen = fp(vfsOpen)
	shimVFS.FxDelete = fp(vfsDelete)

	shimIO.FiVersion = 3
	shimIO.FxClose = fp(fileClose)
	shimIO.FxRead = fp(fileRead)
	shimIO.FxWrite = fp(fileWrite)
	shimIO.FxTruncate = fp(fileTruncate)
	shimIO.FxSync = fp(fileSync)
	shimIO.FxFileSize = fp(fileSize)
	shimIO.FxLock = fp(fileLock)
	shimIO.FxUnlock = fp(fileUnlock)
	shimIO.FxCheckReservedLock = fp(fileCheckReservedLock)
	shimIO.FxFileControl = fp(fileControl)
	shimIO.FxSectorSize = fp(fileSectorSize)
	shimIO.FxDeviceCharacteristics = fp(fileDeviceCharacteristics)
	shimIO.FxShmMap = fp(fileShmMap)
	shimIO.FxShmLock = fp(fileShmLock)
	shimIO.FxShmBarrier = fp(fileShmBarrier)
	shimIO.FxShmUnmap = fp(fileShmUnmap)
	shimIO.FxFetch = fp(fileFetch)
	shimIO.FxUnfetch = fp(fileUnfetch)
	if rc := sqlite3.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(&shimVFS)), 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("powerloss: register VFS: %d", rc)
	}
	return nil
}

// Crash writes the files under dir as the disk holds them at this moment into the directory to (the
// shared-memory index is left out: it is not on disk after a restart, and SQLite rebuilds it from the
// WAL). Writers may go on meanwhile; the copy is taken at one instant between their writes and fsyncs.
func Crash(dir, to string, mode Mode, rng *rand.Rand) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	type image struct {
		name string
		data []byte
	}
	var images []image
	mu.Lock()
	for path, d := range disks {
		if filepath.Dir(path) != dir {
			continue
		}
		keep := &disk{durable: append([]byte(nil), d.durable...), exists: d.exists}
		if mode == KeepSome {
			for _, o := range d.pending {
				keep.exists = true
				switch rng.IntN(3) {
				case 0: // lost
				case 1:
					keep.apply(o)
				case 2:
					if !o.truncate { // torn: only the first sectors reached the disk
						n := rng.IntN(len(o.data)/sectorSize+1) * sectorSize
						keep.apply(op{off: o.off, data: o.data[:min(n, len(o.data))]})
					}
				}
			}
		}
		if keep.exists {
			images = append(images, image{filepath.Base(path), keep.durable})
		}
	}
	mu.Unlock()
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, im := range images {
		if err := os.WriteFile(filepath.Join(to, im.name), im.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Forget drops what the simulation holds for the files under dir, once a test is done with them.
func Forget(dir string) {
	dir, _ = filepath.Abs(dir)
	mu.Lock()
	defer mu.Unlock()
	for path := range disks {
		if filepath.Dir(path) == dir {
			delete(disks, path)
		}
	}
}

// fp is the C function pointer of a Go function, as modernc's translated code stores and calls them.
func fp(f any) uintptr { return (*[2]uintptr)(unsafe.Pointer(&f))[1] }

// ptr turns an address in SQLite's memory (outside Go's heap) into a pointer.
func ptr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

func realFile(pFile uintptr) uintptr { return pFile + realOffset }

func realIO(pFile uintptr) *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(ptr((*sqlite3.Tsqlite3_file)(ptr(realFile(pFile))).FpMethods))
}

// followed are the files whose content makes the database: the main file, its WAL and its journal.
const followed = sqlite3.SQLITE_OPEN_MAIN_DB | sqlite3.SQLITE_OPEN_WAL | sqlite3.SQLITE_OPEN_MAIN_JOURNAL

func vfsOpen(tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	open := *(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{(*sqlite3.Tsqlite3_vfs)(ptr(inner)).FxOpen}))
	if zName == 0 || flags&followed == 0 {
		// Temporary files and the like: the real VFS's own file, in place.
		return open(tls, inner, zName, pFile, flags, pOutFlags)
	}
	*(*uintptr)(ptr(pFile)) = 0
	rc := open(tls, inner, zName, realFile(pFile), flags, pOutFlags)
	if (*sqlite3.Tsqlite3_file)(ptr(realFile(pFile))).FpMethods == 0 {
		return rc
	}
	*(*uintptr)(ptr(pFile)) = uintptr(unsafe.Pointer(&shimIO))
	if rc != sqlite3.SQLITE_OK {
		return rc
	}
	path, err := filepath.Abs(libc.GoString(zName))
	if err != nil {
		path = libc.GoString(zName)
	}
	mu.Lock()
	defer mu.Unlock()
	files[pFile] = path
	if _, ok := disks[path]; !ok {
		d := &disk{}
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			d.durable, d.exists = data, true // there before the simulation began: on the disk
		}
		disks[path] = d
	}
	return rc
}

func vfsDelete(tls *libc.TLS, pVfs, zPath uintptr, dirSync int32) int32 {
	del := *(*func(*libc.TLS, uintptr, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{(*sqlite3.Tsqlite3_vfs)(ptr(inner)).FxDelete}))
	rc := del(tls, inner, zPath, dirSync)
	if rc == sqlite3.SQLITE_OK {
		path, err := filepath.Abs(libc.GoString(zPath))
		if err == nil {
			mu.Lock()
			delete(disks, path)
			mu.Unlock()
		}
	}
	return rc
}

func diskOf(pFile uintptr) *disk {
	path, ok := files[pFile]
	if !ok {
		return nil
	}
	return disks[path]
}

func fileClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxClose})))(tls, realFile(pFile))
	mu.Lock()
	delete(files, pFile)
	mu.Unlock()
	return rc
}

func fileRead(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxRead})))(tls, realFile(pFile), zBuf, iAmt, iOfst)
}

// fileWrite writes to the real file (the page cache) and notes the write as not yet on the disk. The
// note is taken under the same lock as Crash, so a crash sees a write either wholly noted or not at all.
func fileWrite(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	mu.Lock()
	defer mu.Unlock()
	rc := (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxWrite})))(tls, realFile(pFile), zBuf, iAmt, iOfst)
	if rc == sqlite3.SQLITE_OK {
		if d := diskOf(pFile); d != nil {
			data := append([]byte(nil), unsafe.Slice((*byte)(ptr(zBuf)), iAmt)...)
			seq++
			d.pending = append(d.pending, op{seq: seq, off: iOfst, data: data})
		}
	}
	return rc
}

func fileTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	mu.Lock()
	defer mu.Unlock()
	rc := (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxTruncate})))(tls, realFile(pFile), size)
	if rc == sqlite3.SQLITE_OK {
		if d := diskOf(pFile); d != nil {
			seq++
			d.pending = append(d.pending, op{seq: seq, off: size, truncate: true})
		}
	}
	return rc
}

// fileSync fsyncs the real file and then moves every change made to the file before it (through any
// connection) onto the simulated disk, as an fsync of one descriptor flushes the whole file.
func fileSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	mu.Lock()
	began := seq // only what was written before the fsync began is surely on the disk after it
	mu.Unlock()
	rc := (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxSync})))(tls, realFile(pFile), flags)
	if rc != sqlite3.SQLITE_OK {
		return rc
	}
	mu.Lock()
	defer mu.Unlock()
	if d := diskOf(pFile); d != nil {
		d.synced(began)
	}
	return rc
}

// synced moves the changes numbered up to began onto the disk: an fsync that began after them covered them.
func (d *disk) synced(began uint64) {
	var later []op
	for _, o := range d.pending {
		if o.seq <= began {
			d.apply(o)
		} else {
			later = append(later, o)
		}
	}
	d.pending = later
	d.exists = true
}

func fileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxFileSize})))(tls, realFile(pFile), pSize)
}

func fileLock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxLock})))(tls, realFile(pFile), lock)
}

func fileUnlock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxUnlock})))(tls, realFile(pFile), lock)
}

func fileCheckReservedLock(tls *libc.TLS, pFile, pResOut uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxCheckReservedLock})))(tls, realFile(pFile), pResOut)
}

func fileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxFileControl})))(tls, realFile(pFile), op, pArg)
}

func fileSectorSize(tls *libc.TLS, pFile uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxSectorSize})))(tls, realFile(pFile))
}

func fileDeviceCharacteristics(tls *libc.TLS, pFile uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxDeviceCharacteristics})))(tls, realFile(pFile))
}

func fileShmMap(tls *libc.TLS, pFile uintptr, iPg, pgsz, bExtend int32, pp uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxShmMap})))(tls, realFile(pFile), iPg, pgsz, bExtend, pp)
}

func fileShmLock(tls *libc.TLS, pFile uintptr, offset, n, flags int32) int32 {
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxShmLock})))(tls, realFile(pFile), offset, n, flags)
}

func fileShmBarrier(tls *libc.TLS, pFile uintptr) {
	(*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxShmBarrier})))(tls, realFile(pFile))
}

func fileShmUnmap(tls *libc.TLS, pFile uintptr, deleteFlag int32) int32 {
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxShmUnmap})))(tls, realFile(pFile), deleteFlag)
}

func fileFetch(tls *libc.TLS, pFile uintptr, iOfst int64, iAmt int32, pp uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, int64, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxFetch})))(tls, realFile(pFile), iOfst, iAmt, pp)
}

func fileUnfetch(tls *libc.TLS, pFile uintptr, iOfst int64, p uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, int64, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{realIO(pFile).FxUnfetch})))(tls, realFile(pFile), iOfst, p)
}

// SyncFile fsyncs the file at path from outside SQLite, through a descriptor of its own, and moves every
// change made to it before the fsync began onto the simulated disk, as fileSync does: for a store that
// makes its commits durable by syncing the WAL itself (store.WithWALSync).
func SyncFile(path string) error {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	mu.Lock()
	began := seq
	mu.Unlock()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if d := disks[path]; d != nil {
		d.synced(began)
	}
	return nil
}
