// Package aliased reaches reflect through a renamed import.
package aliased

import (
	rf "reflect"
	"unsafe"
)

func view(p unsafe.Pointer, n int) []byte {
	var b []byte
	h := (*rf.SliceHeader)(unsafe.Pointer(&b))
	h.Data = uintptr(p) // want "GAI502"
	h.Len = n           // want "GAI502"
	h.Cap = n           // want "GAI502"
	return b
}

func text(p unsafe.Pointer, n int) string {
	sh := &rf.StringHeader{Data: uintptr(p), Len: n} // want "GAI502"
	return *(*string)(unsafe.Pointer(sh))
}

func readOnly(s string) int {
	sh := (*rf.StringHeader)(unsafe.Pointer(&s))
	return sh.Len // ok: GAI502 read only
}
