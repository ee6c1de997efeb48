package uintptrs

import (
	"reflect"
	"syscall"
	"unsafe"
)

var lastAddr uintptr

func recall() int {
	return *(*int)(unsafe.Pointer(lastAddr))
}

type holder struct {
	p unsafe.Pointer
}

func offset(b []byte, i int) byte {
	return *(*byte)(unsafe.Pointer(uintptr(unsafe.Pointer(&b[0])) + uintptr(i))) // ok: GAI501 single-expression arithmetic
}

func write(fd int, b []byte) {
	syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b))) // ok: GAI501 direct syscall argument
}

func identity(p *int) uintptr {
	id := uintptr(unsafe.Pointer(p)) // ok: GAI501 never converted back
	return id % 64
}

func keep(x *int) holder {
	return holder{p: unsafe.Pointer(x)} // ok: GAI501 unsafe.Pointer kept in Go memory is traced
}

func aligned(p *byte) bool {
	return uintptr(unsafe.Pointer(p))%8 == 0 // ok: GAI501 not stored
}

func headerOnly(b []byte) []byte {
	hdr := reflect.SliceHeader{Data: uintptr(unsafe.Pointer(&b[0])), Len: 1, Cap: 1} // want "GAI502"
	return *(*[]byte)(unsafe.Pointer(&hdr))
}

func beforeStore(u0 uintptr, x *int) uintptr {
	_ = unsafe.Pointer(u0)
	u := uintptr(unsafe.Pointer(x)) // ok: GAI501 the conversion back comes before the store
	return u
}

func toSyscall(b []byte) {
	a := uintptr(unsafe.Pointer(&b[0])) // ok: GAI501 stored but only passed to a syscall
	syscall.Syscall(syscall.SYS_WRITE, 1, a, uintptr(len(b)))
}

type pair struct {
	raw  uintptr
	kept uintptr
}

func otherField(x *int, other uintptr) *int {
	p := pair{raw: uintptr(unsafe.Pointer(x))} // ok: GAI501 the field converted back is another one
	p.kept = other
	return (*int)(unsafe.Pointer(p.kept))
}

func keys(ps []*int) map[uintptr]bool {
	seen := map[uintptr]bool{}
	for _, p := range ps {
		k := uintptr(unsafe.Pointer(p)) // ok: GAI501 used as a map key only
		seen[k] = true
	}
	return seen
}

func pointerArith(p unsafe.Pointer, n uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) + n) // ok: GAI501 single expression
}

func sizeOf(v *[4]int) uintptr {
	end := uintptr(unsafe.Pointer(v)) + unsafe.Sizeof(*v) // ok: GAI501 compared, never converted back
	return end - uintptr(unsafe.Pointer(v))
}

func localA(x *int) uintptr {
	a := uintptr(unsafe.Pointer(x)) // ok: GAI501 the conversion of another function's a does not count
	return a
}

func localB(a uintptr) *int {
	return (*int)(unsafe.Pointer(a))
}

func appendedOnly(xs []int) []uintptr {
	var ids []uintptr
	for i := range xs {
		ids = append(ids, uintptr(unsafe.Pointer(&xs[i]))) // ok: GAI501 appended but never converted back
	}
	return ids
}
