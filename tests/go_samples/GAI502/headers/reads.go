package headers

import (
	"fmt"
	"reflect"
	"unsafe"
)

// myHeader looks like a slice header but is not reflect's.
type myHeader struct {
	Data uintptr
	Len  int
	Cap  int
}

// SliceHeader is a local type with the same name.
type SliceHeader struct {
	Data uintptr
	Len  int
}

func reads(b []byte) (uintptr, int) {
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	p := h.Data // ok: GAI502 reading a header field
	n := h.Len  // ok: GAI502 reading a header field
	return p, n
}

func sizes() uintptr {
	return unsafe.Sizeof(reflect.SliceHeader{}) + unsafe.Sizeof(reflect.StringHeader{}) // ok: GAI502 builds nothing
}

func declared() int {
	var h reflect.SliceHeader // ok: GAI502 declaration only
	return h.Len
}

func emptyLiteral() int {
	h := reflect.StringHeader{} // ok: GAI502 empty literal builds nothing
	return h.Len
}

func local(p uintptr) myHeader {
	var mh myHeader
	mh.Data = p // ok: GAI502 not a reflect header
	mh.Len = 1  // ok: GAI502 not a reflect header
	return mh
}

func localNamed(p uintptr) SliceHeader {
	return SliceHeader{Data: p, Len: 1} // ok: GAI502 a local type named SliceHeader
}

func replacement(p unsafe.Pointer, n int) []float32 {
	return unsafe.Slice((*float32)(p), n) // ok: GAI502 the recommended replacement
}

func compare(b []byte, n int) bool {
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	return h.Len == n && h.Cap >= n // ok: GAI502 comparisons read only
}

func accumulate(bs [][]byte) int {
	total := 0
	for i := range bs {
		h := (*reflect.SliceHeader)(unsafe.Pointer(&bs[i]))
		total += h.Len // ok: GAI502 the header is read, total is written
	}
	return total
}

func printCap(b []byte) {
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	fmt.Println(h.Cap) // ok: GAI502 read
}

func valueLen(x any) int {
	return reflect.ValueOf(x).Len() // ok: GAI502 reflect.Value, not a header
}

func measured() uintptr {
	return unsafe.Sizeof(reflect.SliceHeader{Len: 1}) // ok: GAI502 only measured, builds nothing
}
