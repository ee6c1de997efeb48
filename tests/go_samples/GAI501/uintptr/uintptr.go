// Package uintptrs stores uintptrs made from unsafe.Pointer and converts them
// back (GAI501 case 1), next to the forms that are fine.
package uintptrs

import (
	"reflect"
	"unsafe"
)

type handle struct {
	addr uintptr
	n    int
}

type entry struct {
	addr uintptr
}

func second(buf []byte) byte {
	addr := uintptr(unsafe.Pointer(&buf[0])) // want "GAI501"
	return *(*byte)(unsafe.Pointer(addr + 1))
}

func withVar(x *int64) int64 {
	var base = uintptr(unsafe.Pointer(x)) // want "GAI501"
	return *(*int64)(unsafe.Pointer(base))
}

func assigned(x *int32) int32 {
	var u uintptr
	u = uintptr(unsafe.Pointer(x)) // want "GAI501"
	return *(*int32)(unsafe.Pointer(u))
}

func newHandle(data []float32) *handle {
	h := &handle{n: len(data)}
	h.addr = uintptr(unsafe.Pointer(&data[0])) // want "GAI501"
	return h
}

func (h *handle) first() float32 {
	return *(*float32)(unsafe.Pointer(h.addr))
}

func elements(xs []int) int {
	addrs := make([]uintptr, len(xs))
	for i := range xs {
		addrs[i] = uintptr(unsafe.Pointer(&xs[i])) // want "GAI501"
	}
	return *(*int)(unsafe.Pointer(addrs[0]))
}

func mapped(ps map[string]*int) int {
	m := map[string]uintptr{}
	for k, p := range ps {
		m[k] = uintptr(unsafe.Pointer(p)) // want "GAI501"
	}
	return *(*int)(unsafe.Pointer(m["a"]))
}

func literal(v *uint64) uint64 {
	e := entry{addr: uintptr(unsafe.Pointer(v))} // want "GAI501"
	return *(*uint64)(unsafe.Pointer(e.addr))
}

func last(b []byte) byte {
	end := uintptr(unsafe.Pointer(&b[0])) + uintptr(len(b)) // want "GAI501"
	return *(*byte)(unsafe.Pointer(end - 1))
}

func headerBack(b []byte) byte {
	hdr := reflect.SliceHeader{Data: uintptr(unsafe.Pointer(&b[0])), Len: len(b), Cap: len(b)} // want "GAI501" "GAI502"
	return *(*byte)(unsafe.Pointer(hdr.Data))
}

func remember(p *int) {
	lastAddr = uintptr(unsafe.Pointer(p)) // want "GAI501"
}

func appended(xs []int) int {
	var addrs []uintptr
	for i := range xs {
		addrs = append(addrs, uintptr(unsafe.Pointer(&xs[i]))) // want "GAI501"
	}
	return *(*int)(unsafe.Pointer(addrs[len(addrs)-1]))
}
