package cmemory

/*
#include <stdlib.h>

typedef struct {
	float* data;
	int n;
	void* user;
} request2;

static int submit_data2(float* data, int n) { return 0; }
*/
import "C"

import "unsafe"

func direct(in []float32) int {
	return int(C.submit_data2((*C.float)(unsafe.Pointer(&in[0])), C.int(len(in)))) // ok: GAI501 passed directly to the call
}

func goStruct(x *int) goRequest {
	var g goRequest
	v := *x
	g.data = unsafe.Pointer(&v) // ok: GAI501 a Go struct holds it; the GC traces unsafe.Pointer
	return g
}

func cValueInGo(in []float32) C.request2 {
	var r C.request2
	r.data = (*C.float)(unsafe.Pointer(&in[0])) // ok: GAI501 r lives in Go memory, not reached through a C pointer
	return r
}

func cToC(n int) {
	req := (*C.request2)(C.malloc(C.sizeof_request2))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(C.malloc(C.size_t(n) * 4)) // ok: GAI501 C memory pointing to C memory
	defer C.free(unsafe.Pointer(req.data))
	req.user = unsafe.Pointer(&req.n) // ok: GAI501 address inside C memory
}

type box struct {
	p unsafe.Pointer
}

func goHolder(b *box, x []byte) {
	b.p = unsafe.Pointer(&x[0]) // ok: GAI501 Go memory holding a Go pointer
}

func mallocArray(n int) {
	arr := (*[8]*C.float)(C.malloc(64))
	defer C.free(unsafe.Pointer(arr))
	arr[0] = (*C.float)(C.malloc(C.size_t(n))) // ok: GAI501 a C pointer
	defer C.free(unsafe.Pointer(arr[0]))
}

func goSlice(xs []unsafe.Pointer, v *int) {
	w := *v
	xs[0] = unsafe.Pointer(&w) // ok: GAI501 a Go slice
}

func nilStore() {
	req := (*C.request2)(C.malloc(C.sizeof_request2))
	defer C.free(unsafe.Pointer(req))
	req.user = nil // ok: GAI501 nil
}
