// Package reached holds finalizer-owned objects reached through range loops and index
// expressions: the raw pointer read from them needs the object kept alive just the same.
package reached

/*
typedef struct obj { int n; } obj;
static void obj_delete(obj *o) {}
static void obj_execute(obj *o) {}
*/
import "C"

import "runtime"

type Buf struct{ p *C.obj }

func newBuf(p *C.obj) *Buf {
	b := &Buf{p: p}
	runtime.SetFinalizer(b, func(b *Buf) { C.obj_delete(b.p) })
	return b
}

func direct(b *Buf) { C.obj_execute(b.p) } // want "GAI501"

func ranged(params []*Buf) {
	for _, b := range params {
		cp := b.p // want "GAI501 .*`b.p`"
		C.obj_execute(cp)
	}
}

func indexed(params []*Buf) {
	b := params[0]
	cp := b.p // want "GAI501"
	C.obj_execute(cp)
}

func byName(params map[string]*Buf) {
	for _, b := range params {
		C.obj_execute(b.p) // want "GAI501"
	}
}

func rangedKeptAlive(params []*Buf) {
	for _, b := range params {
		cp := b.p // ok: GAI501 kept alive after the use
		C.obj_execute(cp)
		runtime.KeepAlive(b)
	}
}

func indexOnly(params []*Buf) int {
	n := 0
	for i := range params {
		n += i // ok: GAI501 the index is an int, nothing is read
	}
	return n
}
