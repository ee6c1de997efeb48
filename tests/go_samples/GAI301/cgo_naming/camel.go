package cgonaming

/*
#include <stdlib.h>

typedef struct TfLiteModel TfLiteModel;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteTensor TfLiteTensor;
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;

static TfLiteModel* TfLiteModelCreateFromFile(const char* path) { return 0; }
static void TfLiteModelDelete(TfLiteModel* m) {}
static TfLiteInterpreterOptions* TfLiteInterpreterOptionsCreate(void) { return 0; }
static void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions* o, int n) {}
static void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions* o) {}
static TfLiteInterpreter* TfLiteInterpreterCreate(const TfLiteModel* m, const TfLiteInterpreterOptions* o) { return 0; }
static TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter* it) { return kTfLiteOk; }
static TfLiteTensor* TfLiteInterpreterGetInputTensor(const TfLiteInterpreter* it, int i) { return 0; }
static const TfLiteTensor* TfLiteInterpreterGetOutputTensor(const TfLiteInterpreter* it, int i) { return 0; }
static TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor* t, const void* p, size_t n) { return kTfLiteOk; }
static TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor* t, void* p, size_t n) { return kTfLiteOk; }
static TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter* it) { return kTfLiteOk; }
static void TfLiteInterpreterDelete(TfLiteInterpreter* it) {}
*/
import "C"

import (
	"errors"
	"unsafe"
)

var (
	errNoInterpreter = errors.New("cgonaming: interpreter could not be created")
	errAllocate      = errors.New("cgonaming: AllocateTensors failed")
	errInvoke        = errors.New("cgonaming: Invoke failed")
)

// runOnce leaks the interpreter when AllocateTensors fails.
func runOnce(model *C.TfLiteModel, input, output unsafe.Pointer, n C.size_t) error {
	opts := C.TfLiteInterpreterOptionsCreate() // ok: GAI301 deferred TfLiteInterpreterOptionsDelete
	defer C.TfLiteInterpreterOptionsDelete(opts)
	C.TfLiteInterpreterOptionsSetNumThreads(opts, 2)

	interp := C.TfLiteInterpreterCreate(model, opts) // want "GAI301 .*TfLiteInterpreterDelete"
	if interp == nil {
		return errNoInterpreter
	}
	if status := C.TfLiteInterpreterAllocateTensors(interp); status != C.kTfLiteOk { // ok: GAI301 "Allocate" is not the whole word "Alloc"
		return errAllocate
	}
	in := C.TfLiteInterpreterGetInputTensor(interp, 0)
	C.TfLiteTensorCopyFromBuffer(in, input, n)
	if C.TfLiteInterpreterInvoke(interp) != C.kTfLiteOk {
		C.TfLiteInterpreterDelete(interp)
		return errInvoke
	}
	out := C.TfLiteInterpreterGetOutputTensor(interp, 0)
	C.TfLiteTensorCopyToBuffer(out, output, n)
	C.TfLiteInterpreterDelete(interp)
	return nil
}

// classifyFile owns every handle and releases each with defer.
func classifyFile(path string, input, output unsafe.Pointer, n C.size_t) error {
	cpath := C.CString(path) // ok: GAI301 freed by the deferred C.free
	defer C.free(unsafe.Pointer(cpath))

	model := C.TfLiteModelCreateFromFile(cpath) // ok: GAI301 nil check, then deferred TfLiteModelDelete
	if model == nil {
		return errNoModel
	}
	defer C.TfLiteModelDelete(model)

	interp := C.TfLiteInterpreterCreate(model, nil) // ok: GAI301 nil check, then deferred TfLiteInterpreterDelete
	if interp == nil {
		return errNoInterpreter
	}
	defer C.TfLiteInterpreterDelete(interp)

	if C.TfLiteInterpreterAllocateTensors(interp) != C.kTfLiteOk {
		return errAllocate
	}
	C.TfLiteTensorCopyFromBuffer(C.TfLiteInterpreterGetInputTensor(interp, 0), input, n)
	if C.TfLiteInterpreterInvoke(interp) != C.kTfLiteOk {
		return errInvoke
	}
	C.TfLiteTensorCopyToBuffer(C.TfLiteInterpreterGetOutputTensor(interp, 0), output, n)
	return nil
}
