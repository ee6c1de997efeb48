// Package pyinfer calls a Python model through the CPython C-API: new
// references must be released, borrowed ones must not, and stealing calls
// take ownership of the reference they are given.
package pyinfer

/*
#include <stdlib.h>

typedef long Py_ssize_t;
typedef struct _object { Py_ssize_t ob_refcnt; } PyObject;
typedef enum { PyGILState_LOCKED = 0, PyGILState_UNLOCKED = 1 } PyGILState_STATE;

// Py_DECREF and Py_XDECREF are macros in CPython; stubbed as functions here.
static void Py_Initialize(void) {}
static void Py_DecRef(PyObject* o) {}
static void Py_DECREF(PyObject* o) {}
static void Py_XDECREF(PyObject* o) {}
static PyGILState_STATE PyGILState_Ensure(void) { return PyGILState_UNLOCKED; }
static void PyGILState_Release(PyGILState_STATE s) {}

static PyObject* PyImport_ImportModule(const char* name) { return 0; }
static PyObject* PyObject_GetAttrString(PyObject* o, const char* name) { return 0; }
static PyObject* PyObject_CallObject(PyObject* callable, PyObject* args) { return 0; }
static PyObject* PyObject_CallOneArg(PyObject* callable, PyObject* arg) { return 0; }
static PyObject* PyObject_Str(PyObject* o) { return 0; }
static PyObject* PyTuple_New(Py_ssize_t n) { return 0; }
static int PyTuple_SetItem(PyObject* t, Py_ssize_t i, PyObject* v) { return 0; }
static PyObject* PyTuple_GetItem(PyObject* t, Py_ssize_t i) { return 0; }
static PyObject* PyList_New(Py_ssize_t n) { return 0; }
static int PyList_SetItem(PyObject* l, Py_ssize_t i, PyObject* v) { return 0; }
static PyObject* PyList_GetItem(PyObject* l, Py_ssize_t i) { return 0; }
static PyObject* PyDict_New(void) { return 0; }
static int PyDict_SetItemString(PyObject* d, const char* key, PyObject* v) { return 0; }
static PyObject* PyDict_GetItemString(PyObject* d, const char* key) { return 0; }
static PyObject* PyModule_GetDict(PyObject* m) { return 0; }
static int PyModule_AddObject(PyObject* m, const char* name, PyObject* v) { return 0; }
static PyObject* PyUnicode_FromString(const char* s) { return 0; }
static const char* PyUnicode_AsUTF8(PyObject* o) { return ""; }
static PyObject* PyLong_FromLong(long v) { return 0; }
static long PyLong_AsLong(PyObject* o) { return 0; }
static PyObject* PyFloat_FromDouble(double v) { return 0; }
static double PyFloat_AsDouble(PyObject* o) { return 0; }
static PyObject* PyBytes_FromStringAndSize(const char* s, Py_ssize_t n) { return 0; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

var (
	errImport = errors.New("pyinfer: import failed")
	errNoAttr = errors.New("pyinfer: attribute not found")
	errPython = errors.New("pyinfer: python call failed")
)

// startInterpreter initialises CPython once at process start.
func startInterpreter() {
	C.Py_Initialize() // ok: GAI301 "Initialize" is not the whole word "init", and it returns no handle
}

// loadPredictor leaks the module when the attribute lookup fails.
func loadPredictor(module, fn string) (*C.PyObject, error) {
	cmod := C.CString(module) // ok: GAI301 deferred C.free
	defer C.free(unsafe.Pointer(cmod))
	cfn := C.CString(fn) // ok: GAI301 deferred C.free
	defer C.free(unsafe.Pointer(cfn))

	gil := C.PyGILState_Ensure()
	defer C.PyGILState_Release(gil)

	mod := C.PyImport_ImportModule(cmod) // want "GAI301"
	if mod == nil {
		return nil, errImport
	}
	pred := C.PyObject_GetAttrString(mod, cfn) // ok: GAI301 new reference returned to the caller
	if pred == nil {
		return nil, errNoAttr
	}
	C.Py_DecRef(mod)
	return pred, nil
}

// predict never releases the result of the call.
func predict(pred *C.PyObject, x float64) (float64, error) {
	args := C.PyTuple_New(1) // ok: GAI301 nil check, then deferred Py_DECREF
	if args == nil {
		return 0, errPython
	}
	defer C.Py_DECREF(args)
	C.PyTuple_SetItem(args, 0, C.PyFloat_FromDouble(C.double(x))) // ok: GAI301 new reference stolen by PyTuple_SetItem
	res := C.PyObject_CallObject(pred, args)                      // want "GAI301"
	if res == nil {
		return 0, errPython
	}
	return float64(C.PyFloat_AsDouble(res)), nil
}

// topLabel only touches borrowed references.
func topLabel(res *C.PyObject) string {
	first := C.PyTuple_GetItem(res, 0)  // ok: GAI301 borrowed reference
	label := C.PyList_GetItem(first, 0) // ok: GAI301 borrowed reference
	return C.GoString(C.PyUnicode_AsUTF8(label))
}

// modelVersion reads module globals (borrowed) and releases the str() result.
func modelVersion(mod *C.PyObject) string {
	globals := C.PyModule_GetDict(mod) // ok: GAI301 borrowed reference
	key := C.CString("__version__")
	defer C.free(unsafe.Pointer(key))
	v := C.PyDict_GetItemString(globals, key) // ok: GAI301 borrowed reference
	if v == nil {
		return ""
	}
	s := C.PyObject_Str(v) // ok: GAI301 deferred Py_XDECREF
	defer C.Py_XDECREF(s)
	if s == nil {
		return ""
	}
	return C.GoString(C.PyUnicode_AsUTF8(s))
}

// labelList hands each item to PyList_SetItem, which steals it.
func labelList(labels []string) *C.PyObject {
	lst := C.PyList_New(C.Py_ssize_t(len(labels))) // ok: GAI301 returned to the caller
	if lst == nil {
		return nil
	}
	for i, l := range labels {
		cl := C.CString(l)
		item := C.PyUnicode_FromString(cl) // ok: GAI301 stolen by PyList_SetItem
		C.free(unsafe.Pointer(cl))
		C.PyList_SetItem(lst, C.Py_ssize_t(i), item)
	}
	return lst
}

// exportThreshold gives the float to the module.
func exportThreshold(mod *C.PyObject, v float64) error {
	obj := C.PyFloat_FromDouble(C.double(v)) // ok: GAI301 stolen by PyModule_AddObject
	if obj == nil {
		return errPython
	}
	name := C.CString("THRESHOLD")
	defer C.free(unsafe.Pointer(name))
	if C.PyModule_AddObject(mod, name, obj) < 0 {
		C.Py_DECREF(obj)
		return errPython
	}
	return nil
}

// samplingKwargs leaks the value: PyDict_SetItemString does not steal.
func samplingKwargs(topK int) *C.PyObject {
	kw := C.PyDict_New() // ok: GAI301 returned to the caller
	if kw == nil {
		return nil
	}
	key := C.CString("top_k")
	defer C.free(unsafe.Pointer(key))
	v := C.PyLong_FromLong(C.long(topK)) // want "GAI301"
	C.PyDict_SetItemString(kw, key, v)
	return kw
}

// countTokens releases every new reference it creates.
func countTokens(tok *C.PyObject, payload []byte) (int, error) {
	raw := C.CBytes(payload) // ok: GAI301 deferred C.free
	defer C.free(raw)
	b := C.PyBytes_FromStringAndSize((*C.char)(raw), C.Py_ssize_t(len(payload))) // ok: GAI301 Py_DecRef on both paths
	if b == nil {
		return 0, errPython
	}
	n := C.PyObject_CallOneArg(tok, b) // ok: GAI301 nil check, then Py_DECREF
	if n == nil {
		C.Py_DecRef(b)
		return 0, errPython
	}
	C.Py_DecRef(b)
	count := int(C.PyLong_AsLong(n))
	C.Py_DECREF(n)
	return count, nil
}

// score leaks the argument tuple: PyTuple_SetItem steals the item, not the
// tuple it is given.
func score(pred *C.PyObject, x int) (float64, error) {
	args := C.PyTuple_New(1) // want "GAI301"
	if args == nil {
		return 0, errPython
	}
	C.PyTuple_SetItem(args, 0, C.PyLong_FromLong(C.long(x))) // ok: GAI301 new reference stolen by PyTuple_SetItem
	res := C.PyObject_CallObject(pred, args)                 // ok: GAI301 nil check, then Py_DecRef
	if res == nil {
		return 0, errPython
	}
	v := float64(C.PyFloat_AsDouble(res))
	C.Py_DecRef(res)
	return v, nil
}
