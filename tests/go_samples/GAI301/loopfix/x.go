// Package loopfix: handles made in loops are released at the end of each iteration,
// never by a defer that would wait for the function to return.
package loopfix

/*
#include <stdlib.h>
typedef struct model model;
static model* model_create(int n) { return 0; }
static void model_destroy(model* m) {}
static int model_run(model* m) { return 0; }
*/
import "C"

import "unsafe"

func runAll(n int) {
	for i := 0; i < n; i++ {
		m := C.model_create(C.int(i)) // want "GAI301 .*C.model_destroy\\(m\\)"
		_ = C.model_run(m)
	}
}

func checked(names []string) int {
	ok := 0
	for _, name := range names {
		cs := C.CString(name) // want "GAI301"
		if cs == nil {
			continue // the failure branch: nothing to release
		}
		if C.model_run(nil) == 0 {
			ok++
		}
	}
	return ok
}

func nested(n int) {
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			m := C.model_create(C.int(i)) // want "GAI301"
			for j := 0; j < 3; j++ {
				if C.model_run(m) != 0 {
					break // leaves the inner loop only
				}
			}
		}
	}
}

func skips(n int) {
	for i := 0; i < n; i++ {
		m := C.model_create(C.int(i)) // want "GAI301"
		if C.model_run(m) != 0 {
			continue // would skip a release at the end of the body: no fix
		}
		_ = unsafe.Pointer(m)
	}
}

func once() {
	m := C.model_create(1) // want "GAI301"
	_ = C.model_run(m)
}
