// Command lifetime makes a model once in main: the process exit releases it.
package main

/*
typedef struct model model;
static model* model_create(int n) { return 0; }
static void model_destroy(model* m) {}
static int model_run(model* m) { return 0; }
*/
import "C"

import "os"

func main() {
	m := C.model_create(1) // ok: GAI301 made once in main, lives until the process exits
	if C.model_run(m) != 0 {
		os.Exit(1)
	}
	for i := 0; i < 3; i++ {
		s := C.model_create(C.int(i)) // want "GAI301 .*C.model_destroy\\(s\\)"
		_ = C.model_run(s)
	}
	serve()
}

func serve() {
	m := C.model_create(2) // want "GAI301"
	_ = C.model_run(m)
}
