// Package handover holds C strings and buffers whose ownership goes to C: through a
// preamble wrapper that hands them to free, or next to a destructor callback.
package handover

/*
#include <stdlib.h>
typedef struct ctx ctx;
static void set_result(ctx *c, char *s, int n, void (*del)(void *)) { if (del) del(s); }
static void result_text(ctx *c, char *s, int n) {
	set_result(c, s, n, free); // the library frees s
}
static void result_copy(ctx *c, const char *s, int n) {}
static void owned_free(char *s) { free(s); }
typedef struct closure closure;
static closure *closure_new(void *payload, void (*destroy)(void *)) { return 0; }
static void closure_free(closure *c) {}
extern void payloadDestructor(void *payload);
*/
import "C"

import "unsafe"

func ret(c *C.ctx, s string) {
	cs := C.CString(s) // ok: GAI301 result_text hands it to free
	C.result_text(c, cs, C.int(len(s)))
}

func retDirect(c *C.ctx, s string) {
	cs := C.CString(s) // ok: GAI301 owned_free frees its argument
	C.owned_free(cs)
}

func retCopy(c *C.ctx, s string) {
	cs := C.CString(s) // want "GAI301 .*C.free"
	C.result_copy(c, cs, C.int(len(s)))
}

func closureOf(n int) *C.closure {
	payload := C.malloc(C.size_t(n)) // ok: GAI301 the closure's destructor frees the payload
	return C.closure_new(payload, (*[0]byte)(C.payloadDestructor))
}

func closureNoDestructor(n int) *C.closure {
	payload := C.malloc(C.size_t(n)) // want "GAI301 .*payload"
	return C.closure_new(payload, nil)
}

//export payloadDestructor
func payloadDestructor(p unsafe.Pointer) { C.free(p) }
