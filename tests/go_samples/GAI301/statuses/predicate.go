package status

/*
typedef struct core core;
typedef enum { CORE_OK = 0, CORE_FAIL = 1 } core_status;
static core_status core_create(core **c) { return CORE_OK; }
static void core_free(core *c) {}
*/
import "C"

import "errors"

// coreOK is the package's status test: callers write `!coreOK(st)`.
func coreOK(s C.core_status) bool { return s == C.CORE_OK }

func newCore() (*C.core, error) {
	var c *C.core
	if st := C.core_create(&c); !coreOK(st) { // ok: GAI301 the predicate's failure branch, then returned
		return nil, errors.New("core_create failed")
	}
	return c, nil
}

func probe(strict bool) error {
	var c *C.core
	if st := C.core_create(&c); !coreOK(st) { // want "GAI301 .*C.core_free\\(c\\)"
		return errors.New("core_create failed")
	}
	if strict {
		return errors.New("strict") // c leaks here
	}
	C.core_free(c)
	return nil
}
