package threads

/*
typedef void* CUcontext;

static int cudaSetDevice(int d) { return 0; }
static int cudaSetDevice2(int d) { return 0; }
static int cudaGetDevice(int* d) { *d = 0; return 0; }
static int cuCtxSetCurrent(CUcontext c) { return 0; }
static int cuCtxPushCurrent(CUcontext c) { return 0; }
static int run_kernel(void) { return 0; }
*/
import "C"

import (
	"runtime"
	rt "runtime"
)

// Device is a Go type with a method named like the CUDA call.
type Device struct{}

func (Device) cudaSetDevice(n int) {}

func pinned(dev int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.cudaSetDevice(C.int(dev)) // ok: GAI302 locked earlier, unlock deferred
	C.run_kernel()
}

func pinnedForever(w *Worker) {
	runtime.LockOSThread()
	C.cuCtxSetCurrent(w.ctx) // ok: GAI302 locked earlier without unlock
}

func aliased(w *Worker) {
	rt.LockOSThread()
	defer rt.UnlockOSThread()
	C.cuCtxPushCurrent(w.ctx) // ok: GAI302 runtime imported as rt
}

func bothBranches(dev int, fast bool) {
	if fast {
		runtime.LockOSThread()
	} else {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	C.cudaSetDevice(C.int(dev)) // ok: GAI302 locked on every path
}

func inline(dev int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	func() {
		C.cudaSetDevice(C.int(dev)) // ok: GAI302 the literal runs on the locked goroutine
	}()
}

func deferredInline(w *Worker) {
	runtime.LockOSThread()
	defer func() {
		C.cuCtxSetCurrent(nil) // ok: GAI302 deferred literal runs on the locked goroutine
		runtime.UnlockOSThread()
	}()
	C.cuCtxSetCurrent(w.ctx) // ok: GAI302 locked earlier
}

func query() int {
	var d C.int
	C.cudaGetDevice(&d) // ok: GAI302 reading the device binds nothing
	return int(d)
}

func goMethod(d Device) {
	d.cudaSetDevice(1) // ok: GAI302 a Go method, not cgo
}

func switched(dev int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	switch {
	case dev < 0:
		return
	default:
		C.cudaSetDevice(C.int(dev)) // ok: GAI302 locked before the switch
	}
}

func loopPinned(devs []int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, d := range devs {
		C.cudaSetDevice(C.int(d)) // ok: GAI302 locked before the loop
	}
}

func goroutinePinned(dev int, done chan struct{}) {
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		C.cudaSetDevice(C.int(dev)) // ok: GAI302 the goroutine locks its own thread
		close(done)
	}()
	<-done
}

func otherName(dev int) {
	C.cudaSetDevice2(C.int(dev)) // ok: GAI302 not a context-binding call
}
