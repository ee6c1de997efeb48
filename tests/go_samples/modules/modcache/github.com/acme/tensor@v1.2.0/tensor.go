// Package tensor is a third-party binding found in the module cache.
package tensor

/*
typedef struct buf buf;
static buf* buf_alloc(int n) { return 0; }
static void buf_free(buf* b) {}
static void cudaSetDevice(int d) {}
*/
import "C"

import "runtime"

// Dense owns a device buffer.
type Dense struct{ b *C.buf }

// New allocates a buffer; Free releases it.
func New(n int) (*Dense, error) { // summary: acquires(0)
	return &Dense{b: C.buf_alloc(C.int(n))}, nil
}

// Free releases the buffer.
func (d *Dense) Free() { // summary: releases(d)
	C.buf_free(d.b)
}

// View returns the same buffer, not a new one.
func (d *Dense) View() *Dense { // summary: !acquires(0) !escapes(d) !derives-context(d)
	return d
}

// Clone makes a fresh buffer.
func (d *Dense) Clone() *Dense { // summary: acquires(0) borrows(d)
	return &Dense{b: C.buf_alloc(1)}
}

// OnDevice binds the device without locking.
func OnDevice(dev int) { // summary: binds-cuda-thread
	C.cudaSetDevice(C.int(dev)) // want "GAI302"
}

// OnDeviceLocked locks, then binds.
func OnDeviceLocked(dev int) { // summary: !binds-cuda-thread
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.cudaSetDevice(C.int(dev))
}

// Twice binds twice without locking.
func Twice(dev int) { // summary: binds-cuda-thread
	OnDevice(dev)     // want "GAI302 .*OnDevice.*callers must"
	OnDevice(dev + 1) // want "GAI302"
}

// LockedTwice locks before both.
func LockedTwice(dev int) { // summary: !binds-cuda-thread
	runtime.LockOSThread()
	OnDevice(dev)
	OnDevice(dev + 1)
}

// Count binds nothing.
func Count(d *Dense) int { // summary: !binds-cuda-thread !releases(d)
	return 1
}

// Background binds on a goroutine of its own, which locks first.
func Background(dev int) { // summary: !binds-cuda-thread
	go func() {
		runtime.LockOSThread()
		OnDevice(dev)
	}()
}

// BackgroundUnlocked binds on a goroutine that never locks: the goroutine's problem,
// not its caller's.
func BackgroundUnlocked(dev int) { // summary: !binds-cuda-thread
	go func() {
		OnDevice(dev) // want "GAI302"
	}()
}
