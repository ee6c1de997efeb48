// Package cgonaming exercises the cgo naming convention in snake_case:
// a create verb (create/new/alloc/open/init) pairs with the same prefix and a
// release verb (delete/destroy/free/release/close/dispose/unref).
package cgonaming

/*
#include <stdlib.h>

typedef struct tflite_model tflite_model;
typedef struct llama_model llama_model;
typedef struct llama_context llama_context;
typedef struct llama_sampler llama_sampler;
typedef struct kv_cache kv_cache;
typedef struct tensor_buffer tensor_buffer;
typedef struct blob_store blob_store;
typedef struct onnx_graph onnx_graph;

static tflite_model* tflite_model_create_from_buffer(const void* data, size_t size) { return 0; }
static int tflite_model_validate(const tflite_model* m) { return 0; }
static void tflite_model_delete(tflite_model* m) {}

static void llama_backend_init(void) {}
static llama_context* llama_new_context_with_model(llama_model* m, int n_ctx) { return 0; }
static int llama_n_ctx(const llama_context* ctx) { return 0; }
static int llama_eval_n(llama_context* ctx, int n_tokens) { return 0; }
static void llama_free(llama_context* ctx) {}
static llama_sampler* llama_sampler_init_greedy(void) { return 0; }
static int llama_sampler_sample(llama_sampler* s, llama_context* ctx) { return 0; }
static void llama_sampler_free(llama_sampler* s) {}

static kv_cache* kv_cache_alloc(size_t n_tokens) { return 0; }
static size_t kv_cache_capacity(const kv_cache* c) { return 0; }
static void kv_cache_free(kv_cache* c) {}

static tensor_buffer* tensor_buffer_new(size_t n) { return 0; }
static size_t tensor_buffer_size(const tensor_buffer* b) { return 0; }
static void tensor_buffer_unref(tensor_buffer* b) {}

static blob_store* blob_store_init(const char* dir) { return 0; }
static int blob_store_put(blob_store* s, const void* p, size_t n) { return 0; }
static void blob_store_release(blob_store* s) {}

static int onnx_graph_initializer_count(const onnx_graph* g) { return 0; }

typedef struct audio_frontend audio_frontend;
typedef struct grammar_parser grammar_parser;
typedef struct vision_pipeline vision_pipeline;

static audio_frontend* audio_frontend_create(int sample_rate) { return 0; }
static int audio_frontend_frames(const audio_frontend* fe) { return 0; }
static void audio_frontend_dispose(audio_frontend* fe) {}
static grammar_parser* grammar_parser_new(const char* src) { return 0; }
static int grammar_parser_parse(grammar_parser* p) { return 0; }
static void grammar_parser_destroy(grammar_parser* p) {}
static vision_pipeline* vision_pipeline_open(const char* uri) { return 0; }
static int vision_pipeline_read(vision_pipeline* p) { return 0; }
static void vision_pipeline_close(vision_pipeline* p) {}
*/
import "C"

import (
	"errors"
	"unsafe"
)

var (
	errBadModel      = errors.New("cgonaming: model failed validation")
	errNoModel       = errors.New("cgonaming: model could not be created")
	errNoContext     = errors.New("cgonaming: context could not be created")
	errNoCache       = errors.New("cgonaming: kv cache allocation failed")
	errCacheTooSmall = errors.New("cgonaming: kv cache too small")
	errEval          = errors.New("cgonaming: eval failed")
	errStore         = errors.New("cgonaming: blob store failed")
	errGrammar       = errors.New("cgonaming: grammar parse failed")
)

// validateOnly leaks the model when validation fails.
func validateOnly(p unsafe.Pointer, n C.size_t) error {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301 .*tflite_model_delete"
	if C.tflite_model_validate(model) != 0 {
		return errBadModel
	}
	C.tflite_model_delete(model)
	return nil
}

// validateChecked deletes the model on every path after the nil check.
func validateChecked(p unsafe.Pointer, n C.size_t) error {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 nil-check failure branch, deleted on both later paths
	if model == nil {
		return errNoModel
	}
	if C.tflite_model_validate(model) != 0 {
		C.tflite_model_delete(model)
		return errBadModel
	}
	C.tflite_model_delete(model)
	return nil
}

// initBackend calls a void init function: it returns no handle.
func initBackend() {
	C.llama_backend_init() // ok: GAI301 returns no handle and fills no out-parameter
}

// contextSize creates a llama context only to read its size and never frees it.
func contextSize(model *C.llama_model, nCtx int) int {
	ctx := C.llama_new_context_with_model(model, C.int(nCtx)) // want "GAI301"
	if ctx == nil {
		return 0
	}
	return int(C.llama_n_ctx(ctx))
}

// evalPrompt frees the context and the sampler with defer after the nil checks.
func evalPrompt(model *C.llama_model, nTokens int) (int, error) {
	ctx := C.llama_new_context_with_model(model, C.int(nTokens+16)) // ok: GAI301 deferred llama_free after the nil check
	if ctx == nil {
		return 0, errNoContext
	}
	defer C.llama_free(ctx)
	smpl := C.llama_sampler_init_greedy() // ok: GAI301 deferred llama_sampler_free
	defer C.llama_sampler_free(smpl)
	if C.llama_eval_n(ctx, C.int(nTokens)) != 0 {
		return 0, errEval
	}
	return int(C.llama_sampler_sample(smpl, ctx)), nil
}

// reserveCache forgets kv_cache_free when the cache is too small.
func reserveCache(nTokens int) (int, error) {
	cache := C.kv_cache_alloc(C.size_t(nTokens)) // want "GAI301"
	if cache == nil {
		return 0, errNoCache
	}
	if C.kv_cache_capacity(cache) < C.size_t(nTokens) {
		return 0, errCacheTooSmall
	}
	C.kv_cache_free(cache)
	return nTokens, nil
}

// bufferSize drops its reference with the matching unref.
func bufferSize(n int) int {
	buf := C.tensor_buffer_new(C.size_t(n)) // ok: GAI301 released by tensor_buffer_unref
	size := int(C.tensor_buffer_size(buf))
	C.tensor_buffer_unref(buf)
	return size
}

// persist releases the store on both branches.
func persist(dir *C.char, p unsafe.Pointer, n C.size_t) error {
	store := C.blob_store_init(dir) // ok: GAI301 blob_store_release on both branches
	if C.blob_store_put(store, p, n) != 0 {
		C.blob_store_release(store)
		return errStore
	}
	C.blob_store_release(store)
	return nil
}

// initializerCount holds "initializer", which is not the whole word "init".
func initializerCount(g *C.onnx_graph) int {
	n := C.onnx_graph_initializer_count(g) // ok: GAI301 "initializer" is not the create verb "init"
	return int(n)
}

// frontendFrames disposes the audio frontend after use.
func frontendFrames(rate int) int {
	fe := C.audio_frontend_create(C.int(rate)) // ok: GAI301 released by audio_frontend_dispose
	frames := int(C.audio_frontend_frames(fe))
	C.audio_frontend_dispose(fe)
	return frames
}

// grammarStates leaks the parser when parsing fails.
func grammarStates(src *C.char) (int, error) {
	parser := C.grammar_parser_new(src) // want "GAI301"
	if parser == nil {
		return 0, errGrammar
	}
	n := C.grammar_parser_parse(parser)
	if n < 0 {
		return 0, errGrammar
	}
	C.grammar_parser_destroy(parser)
	return int(n), nil
}

// readFrames closes the pipeline with defer.
func readFrames(uri *C.char) int {
	pipe := C.vision_pipeline_open(uri) // ok: GAI301 nil check, then deferred vision_pipeline_close
	if pipe == nil {
		return 0
	}
	defer C.vision_pipeline_close(pipe)
	return int(C.vision_pipeline_read(pipe))
}
