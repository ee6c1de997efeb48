// Package fieldstore exercises the package-wide field check of GAI301: a
// handle stored into a struct field is fine when some function of the package
// (here, in b.go) releases that field or the struct type has a finalizer, and
// is flagged at the acquiring call otherwise.
package fieldstore

/*
#include <stdlib.h>

typedef struct tflite_model tflite_model;
typedef struct tflite_interpreter tflite_interpreter;

static tflite_model* tflite_model_create_from_file(const char* path) { return 0; }
static tflite_interpreter* tflite_interpreter_create(tflite_model* m) { return 0; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errNoModel = errors.New("fieldstore: model could not be created")

// Engine owns a model, an interpreter, a scratch arena and a vocabulary blob.
// Close (b.go) releases model and interp; nothing releases scratch or vocab.
type Engine struct {
	model   *C.tflite_model
	interp  *C.tflite_interpreter
	scratch unsafe.Pointer
	vocab   unsafe.Pointer
}

// NewEngine loads the model and prepares the engine.
func NewEngine(path string, scratchBytes int) (*Engine, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))

	model := C.tflite_model_create_from_file(cpath) // ok: GAI301 stored into Engine.model, which Close in b.go releases
	if model == nil {
		return nil, errNoModel
	}
	e := &Engine{model: model}
	e.interp = C.tflite_interpreter_create(model) // ok: GAI301 Engine.interp is released by Close in b.go
	e.scratch = C.malloc(C.size_t(scratchBytes))  // want "GAI301"
	return e, nil
}

// LoadVocab copies the vocabulary into C memory kept by the engine.
func (e *Engine) LoadVocab(words []byte) {
	vocab := C.CBytes(words) // want "GAI301"
	e.vocab = vocab
}
