// Package cmalloc exercises C.malloc/calloc/realloc/CString/CBytes, all
// released with C.free.
package cmalloc

/*
#include <stdlib.h>

static int vocab_lookup(const char* word) { return 0; }
static int runtime_set_model_path(const char* path) { return 0; }
static int model_forward(float* logits, int n) { return 0; }
static float argmax_score(const float* logits, int n) { return 0; }
static int embed_rows(float* out, int rows, int dim) { return 0; }
static int shard_upload(const void* p, size_t n) { return 0; }
static const char* tokenizer_name(void) { return "bpe"; }
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

var (
	errNoMem   = errors.New("cmalloc: out of memory")
	errPath    = errors.New("cmalloc: model path rejected")
	errForward = errors.New("cmalloc: forward pass failed")
	errEmbed   = errors.New("cmalloc: embedding failed")
)

// lookupVocab leaks the C string for unknown words.
func lookupVocab(word string) (int, error) {
	cw := C.CString(word) // want "GAI301 .*C.free"
	id := C.vocab_lookup(cw)
	if id < 0 {
		return 0, fmt.Errorf("unknown token %q", word)
	}
	C.free(unsafe.Pointer(cw))
	return int(id), nil
}

// setModelPath frees the C string with defer.
func setModelPath(path string) error {
	cpath := C.CString(path) // ok: GAI301 defer C.free(unsafe.Pointer(cpath))
	defer C.free(unsafe.Pointer(cpath))
	if C.runtime_set_model_path(cpath) != 0 {
		return errPath
	}
	return nil
}

// bestScore leaks the logits buffer when the forward pass fails; the
// acquisition is wrapped in a pointer conversion.
func bestScore(n int) (float32, error) {
	logits := (*C.float)(C.malloc(C.size_t(n) * 4)) // want "GAI301"
	if logits == nil {
		return 0, errNoMem
	}
	if C.model_forward(logits, C.int(n)) != 0 {
		return 0, errForward
	}
	best := float32(C.argmax_score(logits, C.int(n)))
	C.free(unsafe.Pointer(logits))
	return best, nil
}

// embedBatch copies the C result into Go memory and frees it with defer.
func embedBatch(rows, dim int) ([]float32, error) {
	out := (*C.float)(C.calloc(C.size_t(rows*dim), 4)) // ok: GAI301 freed by the deferred C.free
	defer C.free(unsafe.Pointer(out))
	if C.embed_rows(out, C.int(rows), C.int(dim)) != 0 {
		return nil, errEmbed
	}
	res := make([]float32, rows*dim)
	copy(res, unsafe.Slice((*float32)(unsafe.Pointer(out)), rows*dim))
	return res, nil
}

// uploadShards leaks the current shard copy when an upload fails.
func uploadShards(shards [][]byte) error {
	for i, s := range shards {
		p := C.CBytes(s) // want "GAI301"
		if C.shard_upload(p, C.size_t(len(s))) != 0 {
			return fmt.Errorf("shard %d: upload failed", i)
		}
		C.free(p)
	}
	return nil
}

// uploadAll frees each shard copy before the error return too.
func uploadAll(shards [][]byte) error {
	for i, s := range shards {
		p := C.CBytes(s) // ok: GAI301 freed on both paths of the loop body
		rc := C.shard_upload(p, C.size_t(len(s)))
		C.free(p)
		if rc != 0 {
			return fmt.Errorf("shard %d: upload failed", i)
		}
	}
	return nil
}

// growArena hands the reallocated block back to the caller.
func growArena(arena unsafe.Pointer, n C.size_t) (unsafe.Pointer, error) {
	bigger := C.realloc(arena, n) // ok: GAI301 returned to the caller (ownership transfer)
	if bigger == nil {
		return nil, errNoMem
	}
	return bigger, nil
}

// tokenizerName copies a borrowed C string into Go memory.
func tokenizerName() string {
	name := C.GoString(C.tokenizer_name()) // ok: GAI301 C.GoString copies into Go memory; nothing to free
	return name
}

// lookupInline hands a fresh C string straight to C: nothing can free it.
func lookupInline(word string) int {
	return int(C.vocab_lookup(C.CString(word))) // want "GAI301 .*C.free"
}

// freeInline releases the temporary in the same expression.
func freeInline(word string) {
	C.free(unsafe.Pointer(C.CString(word))) // ok: GAI301 a temporary passed straight to C.free
}

// lookupOwned hands the temporary to a Go function, which owns it from then on.
func lookupOwned(word string) int {
	return lookupAndFree(C.CString(word)) // ok: GAI301 passed to a Go function (ownership moves)
}

func lookupAndFree(cs *C.char) int {
	defer C.free(unsafe.Pointer(cs))
	return int(C.vocab_lookup(cs))
}
