// Package paths exercises the per-function path analysis of GAI301:
// early returns, switch and select cases, labelled break/continue, defer,
// terminal calls and nil-check failure branches.
package paths

/*
#include <stdlib.h>

typedef struct tflite_model tflite_model;

static tflite_model* tflite_model_create_from_buffer(const void* data, size_t size) { return 0; }
static int tflite_model_validate(const tflite_model* m) { return 0; }
static int tflite_model_quantize(tflite_model* m) { return 0; }
static int tflite_model_run(tflite_model* m) { return 0; }
static float tflite_model_score(const tflite_model* m) { return 0; }
static void tflite_model_delete(tflite_model* m) {}

static int model_section_ok(const char* path, int section) { return 1; }
static int dir_contains_model(const char* dir) { return 0; }
static int label_register(const char* label) { return 0; }
static int runtime_boot(const char* cfg) { return 0; }
static int config_parse(const char* cfg) { return 0; }
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"unsafe"
)

var (
	errNoModel  = errors.New("paths: model could not be created")
	errBadModel = errors.New("paths: model failed validation")
	errQuant    = errors.New("paths: quantization failed")
	errRun      = errors.New("paths: run failed")
)

// loadAndWarm returns before the defer is registered.
func loadAndWarm(p unsafe.Pointer, n C.size_t, warm bool) error {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301 .*tflite_model_delete"
	if model == nil {
		return errNoModel
	}
	if !warm {
		return nil
	}
	defer C.tflite_model_delete(model)
	if C.tflite_model_run(model) != 0 {
		return errRun
	}
	return nil
}

// bitsFor leaks the model in the "fp16" case only.
func bitsFor(format string, p unsafe.Pointer, n C.size_t) (int, error) {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301"
	if model == nil {
		return 0, errNoModel
	}
	switch format {
	case "fp32":
		C.tflite_model_delete(model)
		return 32, nil
	case "int8":
		if C.tflite_model_quantize(model) != 0 {
			C.tflite_model_delete(model)
			return 0, errQuant
		}
		C.tflite_model_delete(model)
		return 8, nil
	case "fp16":
		return 16, nil
	default:
		C.tflite_model_delete(model)
		return 0, fmt.Errorf("unknown format %q", format)
	}
}

// countValid skips to the next file with a labelled continue and leaks the
// C string of the file it abandons.
func countValid(files []string) int {
	valid := 0
next:
	for _, f := range files {
		cf := C.CString(f) // want "GAI301"
		for section := 0; section < 4; section++ {
			if C.model_section_ok(cf, C.int(section)) == 0 {
				continue next
			}
		}
		C.free(unsafe.Pointer(cf))
		valid++
	}
	return valid
}

// countReadable frees before every labelled continue.
func countReadable(files []string) int {
	readable := 0
next:
	for _, f := range files {
		cf := C.CString(f) // ok: GAI301 freed before the labelled continue and at the end of the body
		for section := 0; section < 4; section++ {
			if C.model_section_ok(cf, C.int(section)) == 0 {
				C.free(unsafe.Pointer(cf))
				continue next
			}
		}
		C.free(unsafe.Pointer(cf))
		readable++
	}
	return readable
}

// findModelDir leaves the loop with a labelled break and leaks.
func findModelDir(dirs []string) string {
	found := ""
search:
	for _, d := range dirs {
		cdir := C.CString(d) // want "GAI301"
		switch C.dir_contains_model(cdir) {
		case 1:
			found = d
			break search
		case -1:
			C.free(unsafe.Pointer(cdir))
			continue
		}
		C.free(unsafe.Pointer(cdir))
	}
	return found
}

// registerLabels defers inside a loop: every C string is freed at exit.
func registerLabels(labels []string) error {
	for _, l := range labels {
		cl := C.CString(l) // ok: GAI301 defer in a loop runs at function exit
		defer C.free(unsafe.Pointer(cl))
		if C.label_register(cl) != 0 {
			return fmt.Errorf("register %q", l)
		}
	}
	return nil
}

// validate releases on both branches of the if/else.
func validate(p unsafe.Pointer, n C.size_t) bool {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 released in both branches of the if/else
	valid := false
	if C.tflite_model_validate(model) != 0 {
		C.tflite_model_delete(model)
	} else {
		valid = C.tflite_model_run(model) == 0
		C.tflite_model_delete(model)
	}
	return valid
}

// mustLoad ends the failing path with log.Fatalf.
func mustLoad(p unsafe.Pointer, n C.size_t) float32 {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 the failing path ends in log.Fatalf
	if C.tflite_model_validate(model) != 0 {
		log.Fatalf("model failed validation")
	}
	score := float32(C.tflite_model_score(model))
	C.tflite_model_delete(model)
	return score
}

// boot ends the failing path with os.Exit.
func boot(cfg string) {
	ccfg := C.CString(cfg) // ok: GAI301 the failing path ends in os.Exit
	if C.runtime_boot(ccfg) != 0 {
		fmt.Fprintln(os.Stderr, "runtime boot failed")
		os.Exit(2)
	}
	C.free(unsafe.Pointer(ccfg))
}

// mustParse ends the failing path with panic.
func mustParse(cfg string) int {
	ccfg := C.CString(cfg) // ok: GAI301 the failing path ends in panic
	v := C.config_parse(ccfg)
	if v < 0 {
		panic("bad runtime config: " + cfg)
	}
	C.free(unsafe.Pointer(ccfg))
	return int(v)
}

// scoreOnce releases through a deferred closure.
func scoreOnce(p unsafe.Pointer, n C.size_t) (float32, error) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 nil-check failure branch, then a deferred closure deletes it
	if model == nil {
		return 0, errNoModel
	}
	defer func() {
		C.tflite_model_delete(model)
	}()
	if C.tflite_model_run(model) != 0 {
		return 0, errRun
	}
	return float32(C.tflite_model_score(model)), nil
}

// runWhenReady leaks the model when the context is cancelled first.
func runWhenReady(ctx context.Context, ready <-chan struct{}, p unsafe.Pointer, n C.size_t) error {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301"
	if model == nil {
		return errNoModel
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ready:
	}
	defer C.tflite_model_delete(model)
	if C.tflite_model_run(model) != 0 {
		return errRun
	}
	return nil
}

// runAll acquires and releases once per iteration.
func runAll(blobs []unsafe.Pointer, n C.size_t) int {
	ok := 0
	for _, b := range blobs {
		model := C.tflite_model_create_from_buffer(b, n) // ok: GAI301 nil check continues, released at the end of each iteration
		if model == nil {
			continue
		}
		if C.tflite_model_run(model) == 0 {
			ok++
		}
		C.tflite_model_delete(model)
	}
	return ok
}

// Server keeps the active model; Close releases it.
type Server struct {
	model *C.tflite_model
}

// Close releases the active model.
func (s *Server) Close() {
	C.tflite_model_delete(s.model)
	s.model = nil
}

// swapModel leaks the new model when validation fails before it is stored.
func (s *Server) swapModel(p unsafe.Pointer, n C.size_t) error {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301"
	if C.tflite_model_validate(model) != 0 {
		return errBadModel
	}
	s.Close()
	s.model = model
	return nil
}
