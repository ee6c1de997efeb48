package finalizer

/*
typedef struct engine engine;

static int engine_run2(engine* e) { return 0; }
static void engine_free2(engine* e) {}
static void touch(void* p) {}
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Plain has no finalizer.
type Plain struct {
	eng *C.engine
}

func (m *Model) runKeepAlive() int {
	r := int(C.engine_run2(m.eng)) // ok: GAI501 runtime.KeepAlive(m) follows
	runtime.KeepAlive(m)
	return r
}

func (m *Model) runDeferKeepAlive() int {
	defer runtime.KeepAlive(m)
	return int(C.engine_run2(m.eng)) // ok: GAI501 deferred KeepAlive counts as after every use
}

func (m *Model) laterUse() int {
	r := int(C.engine_run2(m.eng)) // ok: GAI501 m is used afterwards
	m.size++
	return r
}

// Close frees the engine early.
func (m *Model) Close() {
	if m.eng != nil { // ok: GAI501 a comparison keeps nothing
		C.engine_free2(m.eng) // ok: GAI501 Close releases the field
		m.eng = nil
	}
	runtime.SetFinalizer(m, nil)
}

func (m *Model) auxTouch() {
	C.touch(m.aux) // ok: GAI501 the finalizer never releases aux
}

func (m *Model) nameLen() int {
	return len(m.name) // ok: GAI501 not a raw pointer
}

func (p *Plain) run() int {
	return int(C.engine_run2(p.eng)) // ok: GAI501 Plain has no finalizer
}

// Engine returns the raw engine to the caller.
func (m *Model) Engine() *C.engine {
	return m.eng // ok: GAI501 returned, neither kept in a local nor passed to a call
}

func (m *Model) keptThenAlive() {
	p := m.scratch // ok: GAI501 m is kept alive after the last use of p
	C.touch(p)
	runtime.KeepAlive(m)
}

func (m *Model) guarded() {
	if m.scratch == nil { // ok: GAI501 a nil check
		return
	}
	C.touch(m.scratch) // ok: GAI501 KeepAlive follows
	runtime.KeepAlive(m)
}

func (m *Model) twice() {
	C.touch(m.scratch) // ok: GAI501 the second read keeps m alive
	C.touch(m.scratch) // want "GAI501"
}

func (m *Model) asUnsafe() unsafe.Pointer {
	return unsafe.Pointer(m.eng) // ok: GAI501 returned
}

func (m *Model) locked() int {
	m.size--
	defer func() { m.size++ }()
	return int(C.engine_run2(m.eng)) // ok: GAI501 the deferred closure keeps m reachable until return
}
