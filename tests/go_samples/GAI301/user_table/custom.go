// Package usertable exercises a resource pair added by the project's
// .golint-ai.toml.
package usertable

/*
#include <stdlib.h>

typedef struct mylib_handle mylib_handle;

static mylib_handle* mylib_open(const char* path) { return 0; }
static int mylib_version(const mylib_handle* h) { return 2; }
static int mylib_read(mylib_handle* h, void* dst, size_t n) { return 0; }
static void mylib_close(mylib_handle* h) {}

static void* mylib_lease_buffer(size_t n) { return 0; }
static int mylib_fill(void* buf, size_t n) { return 0; }
static void mylib_return_buffer(void* buf) {}
*/
import "C"

import (
	"errors"
	"unsafe"
)

var (
	errOpen  = errors.New("usertable: cannot open weights")
	errOld   = errors.New("usertable: weights format too old")
	errRead  = errors.New("usertable: read failed")
	errLease = errors.New("usertable: no buffer available")
	errFill  = errors.New("usertable: fill failed")
)

// weightsVersion leaks the handle when the format is too old.
func weightsVersion(cpath *C.char) (int, error) {
	h := C.mylib_open(cpath) // want "GAI301 .*mylib_close"
	if h == nil {
		return 0, errOpen
	}
	v := C.mylib_version(h)
	if v < 2 {
		return 0, errOld
	}
	C.mylib_close(h)
	return int(v), nil
}

// readWeights closes the handle with defer.
func readWeights(path string, dst unsafe.Pointer, n C.size_t) error {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	h := C.mylib_open(cpath) // ok: GAI301 nil check, then deferred mylib_close
	if h == nil {
		return errOpen
	}
	defer C.mylib_close(h)
	if C.mylib_read(h, dst, n) != 0 {
		return errRead
	}
	return nil
}

// prefetch leaks the leased buffer when filling it fails.
func prefetch(n C.size_t) error {
	buf := C.mylib_lease_buffer(n) // want "GAI301 .*mylib_return_buffer"
	if buf == nil {
		return errLease
	}
	if C.mylib_fill(buf, n) != 0 {
		return errFill
	}
	C.mylib_return_buffer(buf)
	return nil
}

// prefetchChecked returns the leased buffer with defer.
func prefetchChecked(n C.size_t) error {
	buf := C.mylib_lease_buffer(n) // ok: GAI301 nil check, then deferred mylib_return_buffer
	if buf == nil {
		return errLease
	}
	defer C.mylib_return_buffer(buf)
	if C.mylib_fill(buf, n) != 0 {
		return errFill
	}
	return nil
}
