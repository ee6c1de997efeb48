// Package finalizer registers a finalizer for Model here and reads its raw
// pointer fields in run.go: the finalizer may free them mid-use unless the
// Model stays reachable (runtime.KeepAlive) after the pointer's last use.
package finalizer

/*
#include <stdlib.h>

typedef struct engine engine;

static engine* engine_load(const char* path) { return 0; }
static void engine_free(engine* e) {}
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Model wraps a native engine and a scratch arena.
type Model struct {
	eng     *C.engine
	scratch unsafe.Pointer
	handle  uintptr
	aux     unsafe.Pointer
	name    string
	size    int
}

// Load loads the engine; the finalizer frees it.
func Load(path string, n int) *Model {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	m := &Model{eng: C.engine_load(cpath), size: n, name: path}
	m.scratch = C.malloc(C.size_t(n))
	runtime.SetFinalizer(m, (*Model).release)
	return m
}

func (m *Model) release() {
	C.engine_free(m.eng) // ok: GAI501 the finalizer itself
	C.free(m.scratch)    // ok: GAI501 the finalizer itself
	unregister(m.handle)
}

func unregister(h uintptr) {}
