// Package cmemory stores Go pointers into C memory (GAI501 case 3).
package cmemory

/*
#include <stdlib.h>

typedef struct {
	float* data;
	int n;
	void* user;
} request;

typedef struct {
	char* names[4];
} name_table;

static request the_request;

static request* request_get(void) { return &the_request; }
static int submit(request* r) { return 0; }
static int submit_data(float* data, int n) { return 0; }
*/
import "C"

import "unsafe"

type state struct {
	calls int
}

type goRequest struct {
	data unsafe.Pointer
}

func build(in []float32) int {
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.data = (*C.float)(unsafe.Pointer(&in[0])) // want "GAI501"
	req.n = C.int(len(in))                        // ok: GAI501 a scalar
	return int(C.submit(req))
}

func withUser(st *state) int {
	req := (*C.request)(C.calloc(1, C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.user = unsafe.Pointer(st) // ok: GAI501 st is a pointer variable, not one of the address forms
	var local state
	req.user = unsafe.Pointer(&local) // want "GAI501"
	return int(C.submit(req))
}

func fill(r *C.request, xs []float32) {
	r.data = (*C.float)(unsafe.Pointer(&xs[0])) // want "GAI501"
}

func global(xs []float32) int {
	r := C.request_get()
	r.data = (*C.float)(unsafe.Pointer(&xs[0])) // want "GAI501"
	return int(C.submit(r))
}

func declared(xs []float32) {
	var r *C.request = C.request_get()
	r.data = (*C.float)(unsafe.Pointer(&xs[1])) // want "GAI501"
}

func array(x *int) {
	arr := (*[4]unsafe.Pointer)(C.calloc(4, C.size_t(unsafe.Sizeof(uintptr(0)))))
	defer C.free(unsafe.Pointer(arr))
	v := 7
	arr[0] = unsafe.Pointer(&v) // want "GAI501"
	_ = x
}

func names(bufs [][]byte) {
	t := (*C.name_table)(C.malloc(C.sizeof_name_table))
	defer C.free(unsafe.Pointer(t))
	t.names[0] = (*C.char)(unsafe.Pointer(&bufs[0][0])) // want "GAI501"
}

func sliceOfC(bufs [][]byte) {
	n := len(bufs)
	raw := C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(raw)
	ptrs := unsafe.Slice((**C.char)(raw), n)
	for i := range bufs {
		ptrs[i] = (*C.char)(unsafe.Pointer(&bufs[i][0])) // want "GAI501"
	}
}

func deref(x *int) {
	pp := (*unsafe.Pointer)(C.malloc(8))
	defer C.free(unsafe.Pointer(pp))
	v := *x
	*pp = unsafe.Pointer(&v) // want "GAI501"
}

func composite() {
	req := (*C.request)(C.malloc(C.sizeof_request))
	defer C.free(unsafe.Pointer(req))
	req.user = unsafe.Pointer(&state{calls: 1}) // want "GAI501"
}
