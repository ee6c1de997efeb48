// Package native wraps a C library: its types hold native handles, and their
// constructors and release methods are what callers in other packages see.
package native

/*
#include <stdlib.h>
typedef struct params params;
static params* params_create(int n) { return 0; }
static void params_delete(params* p) {}
static int params_size(params* p) { return 0; }
typedef struct tensor tensor;
static tensor* tensor_new(int n) { return 0; }
static void tensor_free(tensor* t) {}
static int tensor_rank(tensor* t) { return 1; }
static void cudaSetDevice(int d) {}
*/
import "C"

import (
	"errors"
	"os"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Params owns a native parameter block.
type Params struct{ h *C.params }

// NewParams makes a parameter block the caller must Delete.
func NewParams(n int) (*Params, error) { // summary: acquires(0)
	h := C.params_create(C.int(n))
	if h == nil {
		return nil, errors.New("params_create failed")
	}
	return &Params{h: h}, nil
}

// Delete frees the block.
func (p *Params) Delete() { // summary: releases(p) !borrows(p)
	if p.h == nil {
		return
	}
	C.params_delete(p.h)
	p.h = nil
}

// Size only reads the block.
func (p *Params) Size() int { // summary: borrows(p) !releases(p) !escapes(p)
	return int(C.params_size(p.h))
}

var shared *Params

// Shared hands out the process-wide block: not a fresh one.
func Shared() *Params { // summary: !acquires(0)
	return shared
}

// Default makes a block through another constructor.
func Default() (*Params, error) { // summary: acquires(0)
	return NewParams(8)
}

// Filled makes the struct first and fills its handle afterwards.
func Filled(n int) *Params { // summary: acquires(0)
	p := &Params{}
	p.h = C.params_create(C.int(n))
	return p
}

// Scratch releases what it made before returning.
func Scratch(n int) *Params { // summary: !acquires(0)
	p := &Params{h: C.params_create(C.int(n))}
	defer p.Delete()
	return nil
}

// Build recurses down to the constructor.
func Build(depth int) *Params { // summary: acquires(0)
	if depth == 0 {
		return &Params{h: C.params_create(1)}
	}
	return Build(depth - 1)
}

// Raw returns the C handle itself.
func Raw(n int) *C.params { // summary: acquires(0)
	return C.params_create(C.int(n))
}

// Tensor owns a native tensor, freed by a finalizer when it becomes unreachable.
type Tensor struct{ t *C.tensor }

// NewTensor registers the finalizer: dropping a Tensor is no leak.
func NewTensor(n int) *Tensor { // summary: gc-backed(0)
	t := &Tensor{t: C.tensor_new(C.int(n))}
	runtime.SetFinalizer(t, (*Tensor).Free)
	return t
}

// Free frees the tensor.
func (t *Tensor) Free() { // summary: releases(t)
	C.tensor_free(t.t)
}

// Reshape consumes the tensor when del is true.
func (t *Tensor) Reshape(n int, del bool) *Tensor { // summary: consumes-if(t, del) !releases(t) !borrows(t)
	if del {
		defer t.Free()
	}
	return NewTensor(n)
}

// Handle only forgets its handle on Close: that is no release.
type Handle struct{ h *C.params }

// Close nils the field and frees nothing.
func (h *Handle) Close() { // summary: !releases(h)
	h.h = nil
}

// NewHandle is no constructor of a resource type: Handle has no release.
func NewHandle() *Handle { // summary: !acquires(0)
	return &Handle{h: C.params_create(1)}
}

// RegisterFinalizer is a generic helper: callers' values are GC-backed through it.
func RegisterFinalizer[T any](x *T, f func(*T)) { // summary: registers-finalizer(x) !escapes(x)
	runtime.SetFinalizer(x, f)
}

// NewTracked registers its finalizer through the generic helper.
func NewTracked(n int) *Tensor { // summary: gc-backed(0)
	t := &Tensor{t: C.tensor_new(C.int(n))}
	RegisterFinalizer(t, func(t *Tensor) { t.Free() })
	return t
}

// FreeAll releases a chain of blocks, recursively.
func FreeAll(ps []*Params) { // summary: borrows(ps)
	if len(ps) == 0 {
		return
	}
	ps[0].Delete()
	FreeAll(ps[1:])
}

// Release releases its argument through the method.
func Release(p *Params) { // summary: releases(p)
	p.Delete()
}

// Norm only reads the parameters.
func Norm(p *Params) int { // summary: borrows(p) !escapes(p) !releases(p)
	return p.Size() * 2
}

// Rank only reads a tensor.
func Rank(t *Tensor) int { // summary: borrows(t)
	r := int(C.tensor_rank(t.t))
	runtime.KeepAlive(t)
	return r
}

var kept *Params

// Keep stores the parameters for later.
func Keep(p *Params) { // summary: escapes(p) !borrows(p)
	kept = p
}

// MaybeRelease releases on one path only.
func MaybeRelease(p *Params, sure bool) { // summary: consumes-if(p, sure) !releases(p)
	if sure {
		p.Delete()
	}
}

// SetDevice binds a CUDA context without locking the thread: its callers must lock.
func SetDevice(d int) { // summary: binds-cuda-thread
	C.cudaSetDevice(C.int(d)) // want "GAI302"
}

// SetDeviceLocked locks first.
func SetDeviceLocked(d int) { // summary: !binds-cuda-thread
	runtime.LockOSThread()
	C.cudaSetDevice(C.int(d))
}

// Use binds through SetDevice: it binds too.
func Use(d int) { // summary: binds-cuda-thread
	SetDevice(d) // want "GAI302 .*SetDevice"
}

// Log wraps a plain Go file: its Close closes the file, nothing native.
type Log struct{ f *os.File }

// OpenLog is a constructor of a type that is not a resource type.
func OpenLog(path string) (*Log, error) { // summary: !acquires(0)
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &Log{f: f}, nil
}

// Close closes the file.
func (l *Log) Close() error { // summary: releases(l) !borrows(l)
	return l.f.Close()
}

// Tracked is released only by a finalizer that a generic helper registers.
type Tracked struct{ t *C.tensor }

// NewTrackedTensor registers the finalizer through RegisterFinalizer.
func NewTrackedTensor(n int) *Tracked { // summary: gc-backed(0)
	x := &Tracked{t: C.tensor_new(C.int(n))}
	RegisterFinalizer(x, func(x *Tracked) { C.tensor_free(x.t) })
	return x
}

// Free releases it early.
func (x *Tracked) Free() { C.tensor_free(x.t) }

// RankTracked reads the raw pointer and never touches x again.
func RankTracked(x *Tracked) int {
	return int(C.tensor_rank(x.t)) // want "GAI501 .*finalizer of `Tracked`"
}

var handles = map[unsafe.Pointer]int{}

// Register allocates a key the package keeps in its table (and frees with it).
func Register(v int) unsafe.Pointer { // summary: !acquires(0)
	p := C.malloc(1)
	handles[p] = v
	return p
}

var table atomic.Value

// RegisterCopy stores the key in a copy of the table it then publishes.
func RegisterCopy(v int) unsafe.Pointer { // summary: !acquires(0)
	p := C.malloc(1)
	next := map[unsafe.Pointer]int{}
	next[p] = v
	table.Store(next)
	return p
}

// Unregister frees a key of the table.
func Unregister(p unsafe.Pointer) {
	delete(handles, p)
	C.free(p)
}

// ResetTable frees every key of the published table.
func ResetTable() {
	old, _ := table.Load().(map[unsafe.Pointer]int)
	for p := range old {
		C.free(p)
	}
}

var forever = map[unsafe.Pointer]int{}

// RegisterForever records the key in a table nothing ever empties: still the caller's.
func RegisterForever(v int) unsafe.Pointer { // summary: acquires(0)
	p := C.malloc(1)
	forever[p] = v
	return p
}

// ScratchKey keeps nothing: the caller owns the key.
func ScratchKey() unsafe.Pointer { // summary: acquires(0)
	p := C.malloc(1)
	return p
}

type entry struct {
	owner *Params
	val   int
}

var entries = map[int]entry{}

// Remember keeps its Params in the package table: it escapes.
func Remember(p *Params, k int) { // summary: escapes(p) !borrows(p)
	e := entry{owner: p, val: k}
	entries[k] = e
}

// Publish hands its Params to a method of a package-level value: it escapes.
func Publish(p *Params) { // summary: escapes(p)
	table.Store(p)
}
