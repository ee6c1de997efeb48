// Package kernels holds handles cached in package-level singletons: built once for
// the process, never one per call.
package kernels

/*
#include <stdlib.h>
typedef struct kernel kernel;
static kernel *kernel_new(const char *src) { return 0; }
static void kernel_free(kernel *k) {}
*/
import "C"

import (
	"sync"
	"unsafe"
)

type gpuKernel struct {
	src    string
	once   sync.Once
	kernel *C.kernel
}

var (
	scan = &gpuKernel{src: "scan"}
	conv = &gpuKernel{src: "conv"}
)

func (k *gpuKernel) get() *C.kernel {
	k.once.Do(func() {
		cs := C.CString(k.src)
		defer C.free(unsafe.Pointer(cs))
		k.kernel = C.kernel_new(cs) // ok: GAI301 every gpuKernel is a package-level singleton
	})
	return k.kernel
}

type session struct{ kernel *C.kernel }

func newSession(src string) *session {
	s := &session{}
	cs := C.CString(src)
	defer C.free(unsafe.Pointer(cs))
	s.kernel = C.kernel_new(cs) // want "GAI301 .*nothing in the package releases `kernel`"
	return s
}

func use() (*C.kernel, *C.kernel) { return scan.get(), conv.get() }
