package status

/*
typedef struct { int w; int h; } extent;
static extent extent_create(int w, int h) { extent e = {w, h}; return e; }
*/
import "C"

// area only reads fields of the result: a struct by value, not an opaque handle.
func area(w, h int) int {
	e := C.extent_create(C.int(w), C.int(h)) // ok: GAI301 only its fields are read
	return int(e.w) * int(e.h)
}
