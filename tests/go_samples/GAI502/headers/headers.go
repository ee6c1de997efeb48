// Package headers builds slices and strings through reflect headers.
package headers

import (
	"reflect"
	"unsafe"
)

func floats(p unsafe.Pointer, n int) []float32 {
	var out []float32
	h := (*reflect.SliceHeader)(unsafe.Pointer(&out))
	h.Data = uintptr(p) // want "GAI502 .*unsafe.Slice"
	h.Len = n           // want "GAI502"
	h.Cap = n           // want "GAI502"
	return out
}

func oneStatement(p unsafe.Pointer, n int) []byte {
	var b []byte
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	h.Data, h.Len, h.Cap = uintptr(p), n, n // want "GAI502"
	return b
}

func str(p unsafe.Pointer, n int) string {
	var s string
	sh := (*reflect.StringHeader)(unsafe.Pointer(&s))
	sh.Data = uintptr(p) // want "GAI502 .*unsafe.String"
	sh.Len = n           // want "GAI502"
	return s
}

func literal(p unsafe.Pointer, n int) []int32 {
	hdr := reflect.SliceHeader{Data: uintptr(p), Len: n, Cap: n} // want "GAI502"
	return *(*[]int32)(unsafe.Pointer(&hdr))
}

func multiLine(p unsafe.Pointer, n int) []uint16 {
	hdr := &reflect.SliceHeader{ // want "GAI502"
		Data: uintptr(p),
		Len:  n,
		Cap:  n,
	}
	return *(*[]uint16)(unsafe.Pointer(hdr))
}

func setLen(h *reflect.SliceHeader, n int) {
	h.Len = n // want "GAI502"
}

func direct(b *[]byte, n int) {
	(*reflect.SliceHeader)(unsafe.Pointer(b)).Len = n // want "GAI502"
}

func grow(b *[]byte) {
	h := (*reflect.SliceHeader)(unsafe.Pointer(b))
	h.Len++ // want "GAI502"
}

func value(p unsafe.Pointer, n int) []byte {
	var hdr reflect.SliceHeader
	hdr.Data = uintptr(p) // want "GAI502"
	hdr.Len = n           // want "GAI502"
	hdr.Cap = n           // want "GAI502"
	return *(*[]byte)(unsafe.Pointer(&hdr))
}
