package fieldstore

/*
#include <stddef.h>

typedef struct hf_tokenizer hf_tokenizer;

static void* pinned_alloc(size_t n) { return 0; }
static void pinned_free(void* p) {}
static hf_tokenizer* hf_tokenizer_new_from_file(const char* path) { return 0; }
static void hf_tokenizer_free(hf_tokenizer* t) {}
*/
import "C"

import (
	"errors"
	rt "runtime"
	"unsafe"
)

var errTokenizer = errors.New("fieldstore: tokenizer could not be loaded")

// HostBuffer is pinned host memory released by its finalizer.
type HostBuffer struct {
	ptr  unsafe.Pointer
	size int
}

// NewHostBuffer registers a finalizer for the buffer (runtime imported as rt).
func NewHostBuffer(n int) *HostBuffer {
	b := &HostBuffer{size: n}
	b.ptr = C.pinned_alloc(C.size_t(n)) // ok: GAI301 HostBuffer has a finalizer registered
	rt.SetFinalizer(b, func(b *HostBuffer) { releasePinned(b.ptr) })
	return b
}

func releasePinned(p unsafe.Pointer) {
	C.pinned_free(p)
}

// Tokenizer wraps a native tokenizer released by its finalizer.
type Tokenizer struct {
	handle *C.hf_tokenizer
}

// LoadTokenizer stores the handle into a Tokenizer with a finalizer.
func LoadTokenizer(path *C.char) (*Tokenizer, error) {
	h := C.hf_tokenizer_new_from_file(path) // ok: GAI301 stored into Tokenizer, which has a finalizer
	if h == nil {
		return nil, errTokenizer
	}
	t := &Tokenizer{handle: h}
	rt.SetFinalizer(t, finalizeTokenizer)
	return t, nil
}

func finalizeTokenizer(t *Tokenizer) {
	C.hf_tokenizer_free(t.handle)
}
