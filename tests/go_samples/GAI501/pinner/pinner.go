// Package pinner stores Go pointers into C memory, with and without pinning
// them first (runtime.Pinner, Go 1.21), and through unsafe.SliceData and
// unsafe.StringData (Go 1.20).
package pinner

/*
#include <stdlib.h>

typedef struct {
	float* data;
	char* name;
	int n;
} request;

static int submit(request* r) { return 0; }
*/
import "C"

import (
	"runtime"
	"unsafe"
)

func pinned(in []float32) int {
	var p runtime.Pinner
	defer p.Unpin()
	p.Pin(&in[0])
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(unsafe.Pointer(&in[0])) // ok: GAI501 pinned earlier with runtime.Pinner
	return int(C.submit(req))
}

func sliceData(in []float32) int {
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(unsafe.SliceData(in)) // want "GAI501"
	return int(C.submit(req))
}

func stringData(name string) int {
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.name = (*C.char)(unsafe.Pointer(unsafe.StringData(name))) // want "GAI501"
	return int(C.submit(req))
}

func pinnedLater(in []float32) int {
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(unsafe.SliceData(in)) // want "GAI501"
	var p runtime.Pinner
	p.Pin(&in[0])
	defer p.Unpin()
	return int(C.submit(req))
}

func pinnedSlice(in []float32) int {
	var p runtime.Pinner
	p.Pin(unsafe.SliceData(in))
	defer p.Unpin()
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(unsafe.SliceData(in)) // ok: GAI501 pinned earlier
	return int(C.submit(req))
}
