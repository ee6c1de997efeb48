// Package binding lives in a GOPATH-style tree (no go.mod): imports resolve below src/.
package binding

/*
#include <stdlib.h>
typedef struct model model;
static model* model_new(const char* p) { return 0; }
static void model_free(model* m) {}
*/
import "C"

import (
	"context"
	"runtime"
	"unsafe"
)

// Model owns a loaded model.
type Model struct{ m *C.model }

// Load loads a model the caller must Release.
func Load(path string) *Model { // summary: acquires(0)
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	return &Model{m: C.model_new(cs)}
}

// Release frees it.
func (m *Model) Release() { // summary: releases(m) !borrows(m)
	C.model_free(m.m)
}

// Cached returns the model it already has.
func Cached(m *Model) *Model { // summary: !acquires(0)
	return m
}

// LoadAndDrop loads and releases before returning.
func LoadAndDrop(path string) *Model { // summary: !acquires(0)
	m := Load(path)
	m.Release()
	return m
}

// FromGlobal returns a package-level model.
var global = &Model{}

func FromGlobal() *Model { // summary: !acquires(0)
	return global
}

// Pooled returns a model taken from a pool.
var pool = make(chan *Model, 4)

func Pooled() *Model { // summary: !acquires(0)
	return <-pool
}

// Track registers a finalizer for any value handed to it.
func Track(m *Model) { // summary: registers-finalizer(m) !escapes(m) !releases(m)
	runtime.SetFinalizer(m, (*Model).Release)
}

// TrackVia registers through Track.
func TrackVia(m *Model) { // summary: registers-finalizer(m)
	Track(m)
}

// TrackGeneric registers through a generic helper.
func TrackGeneric[T any](v *T) { // summary: registers-finalizer(v)
	runtime.SetFinalizer(v, func(*T) {})
}

// TrackBoth registers for one of its two parameters.
func TrackBoth(a, b *Model) { // summary: registers-finalizer(a) !registers-finalizer(b)
	Track(a)
	_ = b
}

// NoFinalizer does nothing of the kind.
func NoFinalizer(m *Model) { // summary: !registers-finalizer(m) borrows(m)
	_ = m.m
}

// Clear removes a finalizer: still a SetFinalizer call, on m.
func Clear(m *Model) { // summary: registers-finalizer(m)
	runtime.SetFinalizer(m, nil)
}

// Other registers one for a copy it makes, not for m.
func Other(m *Model) { // summary: !registers-finalizer(m)
	c := &Model{m: m.m}
	runtime.SetFinalizer(c, (*Model).Release)
}

// Spawn passes the model to a goroutine.
func Spawn(m *Model) { // summary: !registers-finalizer(m) escapes(m) !borrows(m)
	go Track(m)
}

// Loaded reports whether the model is loaded.
func (m *Model) Loaded() bool { // summary: !registers-finalizer(m) !releases(m) borrows(m)
	return m.m != nil
}

// Ignore ignores its argument.
func Ignore(m *Model) { // summary: !registers-finalizer(m) borrows(m)
}

// Log records it in a string only.
func Log(m *Model) string { // summary: !registers-finalizer(m) !escapes(m)
	if m.Loaded() {
		return "loaded"
	}
	return "empty"
}

// Scope derives a context bound to the model's lifetime.
func Scope(ctx context.Context, m *Model) context.Context { // summary: derives-context(ctx) !registers-finalizer(m) !derives-context(m)
	return context.WithValue(ctx, "model", m)
}

// Deadline derives through a deadline.
func Deadline(ctx context.Context) (context.Context, func()) { // summary: derives-context(ctx)
	c, cancel := context.WithCancel(ctx)
	return c, cancel
}

// Parent returns a context it was given elsewhere.
var parent = context.Background()

func Parent(ctx context.Context) context.Context { // summary: !derives-context(ctx)
	return parent
}

// Same returns its parameter as is.
func Same(ctx context.Context) context.Context { // summary: derives-context(ctx)
	return ctx
}

// Todo returns a fresh context.
func Todo(ctx context.Context) context.Context { // summary: !derives-context(ctx)
	return context.TODO()
}

// Err returns an error, not a context.
func Err(ctx context.Context) error { // summary: !derives-context(ctx)
	return ctx.Err()
}

type pickKey struct{}

// Pick returns one of two contexts: derived from the second.
func Pick(a, b context.Context) context.Context { // summary: derives-context(b) !derives-context(a)
	_ = a
	return context.WithValue(b, pickKey{}, true)
}
