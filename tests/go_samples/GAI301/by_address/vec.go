// Package vec holds C values filled through their address and released the same way.
package vec

/*
#include <stdlib.h>
typedef struct { size_t size; char *data; } byte_vec_t;
static void byte_vec_new_uninitialized(byte_vec_t *v, size_t n) { v->size = n; v->data = malloc(n); }
static void byte_vec_new(byte_vec_t *v, size_t n, const char *src) { v->size = n; v->data = malloc(n); }
static void byte_vec_delete(byte_vec_t *v) { free(v->data); }
static void byte_vec_new_empty(byte_vec_t *v) { v->size = 0; v->data = 0; }
static int fill(byte_vec_t *v) { return 0; }
*/
import "C"

import "errors"

func compile(src string, fail bool) error {
	var v C.byte_vec_t
	C.byte_vec_new_uninitialized(&v, C.size_t(len(src))) // ok: GAI301 released by address right below
	defer C.byte_vec_delete(&v)
	if fail {
		return errors.New("compile failed")
	}
	return nil
}

func leaks(n int, fail bool) error {
	var v C.byte_vec_t
	C.byte_vec_new_uninitialized(&v, C.size_t(n)) // want "GAI301 .*C.byte_vec_delete\\(&v\\)"
	if fail {
		return errors.New("leaks v")
	}
	C.byte_vec_delete(&v)
	return nil
}

func releasedLater(n int) int {
	var out C.byte_vec_t
	C.byte_vec_new_uninitialized(&out, C.size_t(n)) // ok: GAI301 released on every path
	size := int(out.size)
	C.byte_vec_delete(&out)
	return size
}

func imports() (int, error) {
	var v C.byte_vec_t
	C.byte_vec_new_empty(&v) // ok: GAI301 an empty vector allocates nothing
	if C.fill(&v) != 0 {
		return 0, errors.New("fill failed")
	}
	n := int(v.size)
	C.byte_vec_delete(&v)
	return n, nil
}

func deferredFirst(n int, src string) int {
	v := C.byte_vec_t{}
	defer C.byte_vec_delete(&v)
	if n > 0 {
		C.byte_vec_new(&v, C.size_t(n), C.CString(src)) // want "GAI301 .*CString"
	}
	return int(C.fill(&v)) // ok: GAI301 the defer registered before the fill releases v
}
