// Package vec is a vector-search binding (a module of its own, used through a local
// replace directive).
package vec

/*
#include <stdlib.h>
typedef struct index index_t;
static index_t* index_open(const char* path) { return 0; }
static void index_close(index_t* ix) {}
static int index_search(index_t* ix, float* q, int n) { return 0; }
static void cuCtxSetCurrent(void* c) {}
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Index owns a native index.
type Index struct {
	ix   *C.index_t
	path string
}

// Open opens an index; the caller must Close it.
func Open(path string) (*Index, error) { // summary: acquires(0) !gc-backed(0)
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	return &Index{ix: C.index_open(cs), path: path}, nil
}

// OpenManaged registers a cleanup: callers may drop it.
func OpenManaged(path string) *Index { // summary: gc-backed(0) !acquires(0)
	ix, _ := Open(path)
	runtime.SetFinalizer(ix, (*Index).Close)
	return ix
}

// Close closes the index.
func (x *Index) Close() error { // summary: releases(x) !borrows(x) !escapes(x)
	C.index_close(x.ix)
	return nil
}

// Search only reads the index.
func (x *Index) Search(q []float32) int { // summary: borrows(x) borrows(q) !releases(x) !escapes(q) !consumes-if(x, q)
	return int(C.index_search(x.ix, (*C.float)(unsafe.Pointer(&q[0])), C.int(len(q))))
}

// Path reads a plain field.
func (x *Index) Path() string { // summary: borrows(x) !releases(x)
	return x.path
}

// Reopen closes the old index when told to.
func (x *Index) Reopen(path string, closeOld bool) (*Index, error) { // summary: consumes-if(x, closeOld) !releases(x) acquires(0)
	if closeOld {
		x.Close()
	}
	return Open(path)
}

// Swap closes when reuse is false, negated: not a consumes-if on a true flag.
func (x *Index) Swap(reuse bool) { // summary: !consumes-if(x, reuse) !releases(x)
	if !reuse {
		x.Close()
	}
}

// TrackCleanup hands the native index to a cleanup (Go 1.24).
func TrackCleanup(x *Index) { // summary: registers-finalizer(x) !releases(x)
	runtime.AddCleanup(x, func(p *C.index_t) { C.index_close(p) }, x.ix)
}

// CloseBoth releases two indexes.
func CloseBoth(a, b *Index) { // summary: releases(a) releases(b) !borrows(a)
	a.Close()
	b.Close()
}

// CloseIf releases when asked.
func CloseIf(a *Index, really bool) { // summary: consumes-if(a, really) !releases(a) !borrows(a)
	if really {
		a.Close()
	}
}

// CloseIfEq releases when asked, spelled out.
func CloseIfEq(a *Index, really bool) { // summary: consumes-if(a, really)
	if really == true {
		defer a.Close()
	}
}

// CloseAlways releases whatever the flag says.
func CloseAlways(a *Index, really bool) { // summary: releases(a) !consumes-if(a, really)
	if really {
		a.Close()
		return
	}
	a.Close()
}

// CloseOther releases one index when the flag says so, another never.
func CloseOther(a, b *Index, really bool) { // summary: consumes-if(a, really) !consumes-if(b, really) borrows(b)
	if really {
		a.Close()
	}
	_ = b.Path()
}

// CloseWhenEmpty decides on the index itself, not on its flag.
func CloseWhenEmpty(a *Index, verbose bool) { // summary: !consumes-if(a, verbose) !releases(a)
	empty := a.Search(nil) == 0
	if empty {
		a.Close()
	}
	if verbose {
		println(a.Path())
	}
}

// CloseLoudly releases on every path; the flag only chooses a message.
func CloseLoudly(a *Index, loud bool) { // summary: releases(a) !consumes-if(a, loud)
	if loud {
		println("closing")
	}
	a.Close()
}

// CloseAbove releases past a threshold: a number, not a flag.
func CloseAbove(a *Index, n int, hint bool) { // summary: !consumes-if(a, hint) !releases(a)
	if n > 8 {
		a.Close()
	}
	_ = hint
}

// CloseNonNil releases a possibly nil index.
func CloseNonNil(a *Index) { // summary: releases(a)
	if a == nil {
		return
	}
	a.Close()
}

// Keep stores an index in a package-level variable: it is not released.
var kept *Index

func Keep(a *Index) { // summary: escapes(a) !releases(a) !borrows(a) !consumes-if(a, a)
	kept = a
}

// Bind makes the device context current without locking.
func Bind(c unsafe.Pointer) { // summary: binds-cuda-thread
	C.cuCtxSetCurrent(c) // want "GAI302"
}

// BindLocked locks first, with the unlock deferred.
func BindLocked(c unsafe.Pointer) { // summary: !binds-cuda-thread
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.cuCtxSetCurrent(c)
}

// BindSometimes locks on one path only.
func BindSometimes(c unsafe.Pointer, lock bool) { // summary: binds-cuda-thread
	if lock {
		runtime.LockOSThread()
	}
	C.cuCtxSetCurrent(c) // want "GAI302"
}

// BindInGoroutine binds on a goroutine of its own, which locks.
func BindInGoroutine(c unsafe.Pointer) { // summary: !binds-cuda-thread
	go func() {
		runtime.LockOSThread()
		C.cuCtxSetCurrent(c)
	}()
}

// BindThenLock locks too late.
func BindThenLock(c unsafe.Pointer) { // summary: binds-cuda-thread
	C.cuCtxSetCurrent(c) // want "GAI302"
	runtime.LockOSThread()
}

// NoBinding does no binding at all.
func NoBinding() { // summary: !binds-cuda-thread
	runtime.Gosched()
}
