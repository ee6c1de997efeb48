// Package status holds C calls named like constructors that return a status code or a
// struct by value: no handle, nothing to release.
package status

/*
#include "shapes.h"

typedef struct db db;
static int db_create_collation(db *d, const char *name) { return 0; }
static int db_open_blob(db *d, const char *table) { return 0; }
#define DB_OK 0
*/
import "C"

import "errors"

func register(d *C.db, name *C.char) error {
	if rv := C.db_create_collation(d, name); rv != C.DB_OK { // ok: GAI301 an int status compared right away
		return errors.New("create_collation failed")
	}
	return nil
}

func openBlob(d *C.db, table *C.char) error {
	rc := C.db_open_blob(d, table) // ok: GAI301 the preamble says it returns int
	if rc != 0 {
		return errors.New("open failed")
	}
	return nil
}

func width(w, h int) int {
	r := C.RotatedRect_Create(C.int(w), C.int(h)) // ok: GAI301 a struct returned by value (shapes.h)
	defer C.Points_Close(r.pts)
	return int(r.size.width)
}

func height(w, h int) int {
	r := C.RotatedRect_New(C.int(w), C.int(h)) // ok: GAI301 a typedef'd struct returned by value
	return int(r.size.height)
}

func indexed(name *C.char) error {
	if id := C.store_create_index(name); id < 0 { // ok: GAI301 an int result (shapes.h)
		return errors.New("no index")
	}
	return nil
}

func mat(fail bool) error {
	m := C.Mat_New() // want "GAI301 .*C.Mat_Close\\(m\\)"
	if fail {
		return errors.New("leaks m")
	}
	C.Mat_Close(m)
	return nil
}
