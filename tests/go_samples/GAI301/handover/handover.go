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
#define own
typedef struct name name;
static name* name_new(const char* s) { return 0; }
static void name_delete(name* n) {}
typedef struct exporttype exporttype;
exporttype* exporttype_new(own name* n, int kind);
exporttype* exporttype_new(own name* n, int kind) { return 0; }
typedef struct metering metering;
typedef struct middleware middleware;
static metering* metering_new(int limit) { return 0; }
static void metering_delete(metering* m) {}
static middleware* metering_as_middleware(metering* m) { return 0; }
static void config_push_middleware(middleware* mw) {}
static int metering_points(metering* m) { return 0; }
int exporttype_peek(const name* n, int kind);
int exporttype_peek(const name* n, int kind) { return 0; }
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

func export(s string) *C.exporttype {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	n := C.name_new(cs) // ok: GAI301 exporttype_new takes an own parameter
	return C.exporttype_new(n, 1)
}

func peek(s string) int {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	n := C.name_new(cs) // want "GAI301 .*C.name_delete\\(n\\)"
	return int(C.exporttype_peek(n, 1))
}

func meter(limit int) {
	C.config_push_middleware(C.metering_as_middleware(C.metering_new(C.int(limit)))) // ok: GAI301 a handle built from it may own it
}

func points(limit int) int {
	return int(C.metering_points(C.metering_new(C.int(limit)))) // want "GAI301 .*C.metering_delete"
}
