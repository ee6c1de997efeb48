// Package transfer exercises ownership transfer: a handle that leaves the
// function is not a leak there, but passing it to an ordinary C function is
// only use.
package transfer

/*
#include <stdlib.h>

typedef struct tflite_model tflite_model;

static tflite_model* tflite_model_create_from_buffer(const void* data, size_t size) { return 0; }
static int tflite_model_describe(const tflite_model* m) { return 0; }
static int tflite_model_run(tflite_model* m) { return 0; }
static void tflite_model_delete(tflite_model* m) {}
*/
import "C"

import (
	"container/list"
	"context"
	"errors"
	"unsafe"
)

var errNoModel = errors.New("transfer: model could not be created")

// defaultModel is the process-wide fallback model.
var defaultModel *C.tflite_model

// registry holds models registered by name.
var registry []*C.tflite_model

// Model wraps a native model; Close releases it.
type Model struct {
	ptr *C.tflite_model
}

// Close releases the native model.
func (m *Model) Close() {
	C.tflite_model_delete(m.ptr)
	m.ptr = nil
}

// Server holds the active model; Shutdown releases it.
type Server struct {
	active *C.tflite_model
}

// Shutdown releases the active model.
func (s *Server) Shutdown() {
	C.tflite_model_delete(s.active)
}

// ModelSink takes ownership of models it is given.
type ModelSink interface {
	Adopt(name string, m *C.tflite_model)
}

type modelKey struct{}

// load returns the handle to the caller.
func load(p unsafe.Pointer, n C.size_t) *C.tflite_model {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 returned to the caller
	return model
}

// loadWrapped returns the handle inside a struct.
func loadWrapped(p unsafe.Pointer, n C.size_t) (*Model, error) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 returned inside a struct whose field Close releases
	if model == nil {
		return nil, errNoModel
	}
	return &Model{ptr: model}, nil
}

// loadNamed assigns the handle to a named result.
func loadNamed(p unsafe.Pointer, n C.size_t) (model *C.tflite_model, err error) {
	m := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 assigned to the named result
	if m == nil {
		return nil, errNoModel
	}
	model = m
	return
}

// activate stores the handle into a receiver field that Shutdown releases.
func (s *Server) activate(p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 stored into a field
	s.active = model
}

// setDefault stores the handle into a package-level variable.
func setDefault(p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 stored into a global
	defaultModel = model
}

// cacheModel stores the handle into a map owned by the caller.
func cacheModel(cache map[string]*C.tflite_model, name string, p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 stored into a map
	cache[name] = model
}

// fillShard stores the handle into a slice owned by the caller.
func fillShard(shards []*C.tflite_model, i int, p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 stored into a slice element
	shards[i] = model
}

// produce sends the handle on a channel.
func produce(out chan<- *C.tflite_model, p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 sent on a channel
	out <- model
}

// discard releases a model; callers hand their handle to it.
func discard(m *C.tflite_model) {
	C.tflite_model_delete(m)
}

// register keeps a model in the package registry.
func register(m *C.tflite_model) {
	registry = append(registry, m)
}

// probe hands the handle to a same-package function that releases it.
func probe(p unsafe.Pointer, n C.size_t) int {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 passed to discard, which releases it
	rc := int(C.tflite_model_run(model))
	discard(model)
	return rc
}

// preload hands the handle to a same-package function that stores it.
func preload(p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 passed to register, which stores it
	register(model)
}

// withModel hands the handle to another package's function.
func withModel(ctx context.Context, p unsafe.Pointer, n C.size_t) context.Context {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 passed to context.WithValue (another package takes ownership)
	return context.WithValue(ctx, modelKey{}, model)
}

// remember hands the handle to a method of another package's type.
func remember(lru *list.List, p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 passed to (*list.List).PushFront of another package
	lru.PushFront(model)
}

// publish hands the handle to an interface method.
func publish(sink ModelSink, name string, p unsafe.Pointer, n C.size_t) {
	model := C.tflite_model_create_from_buffer(p, n) // ok: GAI301 passed to an interface method
	sink.Adopt(name, model)
}

// describe passes the handle to an ordinary C function: use, not transfer.
func describe(p unsafe.Pointer, n C.size_t) int {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301 .*tflite_model_delete"
	return int(C.tflite_model_describe(model))
}

// logModel only reads the model: it neither releases nor stores it.
func logModel(m *C.tflite_model) int {
	return int(C.tflite_model_describe(m))
}

// inspect passes the handle to a same-package function that only uses it.
func inspect(p unsafe.Pointer, n C.size_t) int {
	model := C.tflite_model_create_from_buffer(p, n) // want "GAI301"
	return logModel(model)
}
