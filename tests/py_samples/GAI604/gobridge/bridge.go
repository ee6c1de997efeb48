// A Go library built with -buildmode=c-shared for the Python client next to it.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"strings"
	"unsafe"
)

//export Tokenize
func Tokenize(text *C.char) *C.char {
	return C.CString(strings.Join(strings.Fields(C.GoString(text)), "|"))
}

//export Classify
// Classify returns the label as JSON.
func Classify(text *C.char) *C.char {
	out, _ := json.Marshal(map[string]string{"label": C.GoString(text)})
	return C.CString(string(out))
}

//export ModelInfo
func ModelInfo() *C.char {
	return C.CString(`{"name":"tiny"}`)
}

//export Detokenize
func Detokenize(ids *C.int, n C.int) *C.char {
	return C.CString("text")
}

//export Embed
func Embed(text *C.char, n C.int) *C.char {
	return C.CString(C.GoString(text))
}

//export Count
func Count(text *C.char) C.int {
	return C.int(len(C.GoString(text)))
}

//export FreeString
func FreeString(p *C.char) {
	C.free(unsafe.Pointer(p))
}

//export Version
func Version() unsafe.Pointer {
	return unsafe.Pointer(C.CString("1.0"))
}

func main() {}

var kept = map[string]*C.char{}

//export Lookup
func Lookup(id *C.char) *C.char {
	s := C.CString("{}")
	kept[C.GoString(id)] = s
	return s
}

//export ReleaseLookup
func ReleaseLookup(id *C.char) {
	key := C.GoString(id)
	C.free(unsafe.Pointer(kept[key]))
	delete(kept, key)
}
