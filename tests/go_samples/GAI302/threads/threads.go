// Package threads binds CUDA contexts with and without pinning the goroutine
// to its OS thread.
package threads

/*
typedef void* CUcontext;

static int cudaSetDevice(int d) { return 0; }
static int cudaGetDevice(int* d) { *d = 0; return 0; }
static int cuCtxSetCurrent(CUcontext c) { return 0; }
static int cuCtxPushCurrent(CUcontext c) { return 0; }
static int run_kernel(void) { return 0; }
*/
import "C"

import (
	"runtime"
	"sync"
)

// Worker runs kernels on one device.
type Worker struct {
	dev int
	ctx C.CUcontext
}

func runOnDevice(dev int) {
	C.cudaSetDevice(C.int(dev)) // want "GAI302 .*cudaSetDevice"
	C.run_kernel()
}

func (w *Worker) bind() {
	C.cuCtxSetCurrent(w.ctx) // want "GAI302"
}

func (w *Worker) push() {
	C.cuCtxPushCurrent(w.ctx) // want "GAI302"
}

func sometimes(dev int, pin bool) {
	if pin {
		runtime.LockOSThread()
	}
	C.cudaSetDevice(C.int(dev)) // want "GAI302"
}

func tooLate(dev int) {
	C.cudaSetDevice(C.int(dev)) // want "GAI302"
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
}

func goroutine(dev int, wg *sync.WaitGroup) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wg.Add(1)
	go func() {
		defer wg.Done()
		C.cudaSetDevice(C.int(dev)) // want "GAI302"
	}()
	wg.Wait()
}

func loop(devs []int) {
	for _, d := range devs {
		C.cudaSetDevice(C.int(d)) // want "GAI302"
		C.run_kernel()
	}
}

func storedLiteral(dev int) func() {
	bind := func() {
		C.cudaSetDevice(C.int(dev)) // want "GAI302"
	}
	return bind
}

func deferredLock(w *Worker) {
	defer runtime.LockOSThread()
	C.cuCtxSetCurrent(w.ctx) // want "GAI302"
}

type fakeRuntime struct{}

func (fakeRuntime) LockOSThread() {}

func shadowed(dev int) {
	runtime := fakeRuntime{}
	runtime.LockOSThread()
	C.cudaSetDevice(C.int(dev)) // want "GAI302"
}
