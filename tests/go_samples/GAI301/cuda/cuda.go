// Package cudamem exercises CUDA runtime and driver allocations that fill a
// pointer out-parameter and return a status.
package cudamem

/*
#include <stddef.h>

typedef enum { cudaSuccess = 0, cudaErrorMemoryAllocation = 2 } cudaError_t;
typedef enum { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2 } cudaMemcpyKind;
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;
#define cudaHostAllocDefault 0
#define cudaStreamNonBlocking 1
#define cudaMemAttachGlobal 1

static cudaError_t cudaMalloc(void** p, size_t n) { *p = 0; return cudaSuccess; }
static cudaError_t cudaMallocManaged(void** p, size_t n, unsigned int flags) { *p = 0; return cudaSuccess; }
static cudaError_t cudaFree(void* p) { return cudaSuccess; }
static cudaError_t cudaHostAlloc(void** p, size_t n, unsigned int flags) { *p = 0; return cudaSuccess; }
static cudaError_t cudaFreeHost(void* p) { return cudaSuccess; }
static cudaError_t cudaMemcpy(void* dst, const void* src, size_t n, cudaMemcpyKind kind) { return cudaSuccess; }
static cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) { return cudaSuccess; }
static cudaError_t cudaStreamCreate(cudaStream_t* s) { *s = 0; return cudaSuccess; }
static cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned int flags) { *s = 0; return cudaSuccess; }
static cudaError_t cudaStreamSynchronize(cudaStream_t s) { return cudaSuccess; }
static cudaError_t cudaStreamDestroy(cudaStream_t s) { return cudaSuccess; }
static cudaError_t cudaEventCreate(cudaEvent_t* e) { *e = 0; return cudaSuccess; }
static cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) { return cudaSuccess; }
static cudaError_t cudaEventSynchronize(cudaEvent_t e) { return cudaSuccess; }
static cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t stop) { return cudaSuccess; }
static cudaError_t cudaEventDestroy(cudaEvent_t e) { return cudaSuccess; }

static cudaError_t launch_gemv(void* dev, size_t n, cudaStream_t s) { return cudaSuccess; }
static int fill_staging(void* host, size_t n) { return 0; }
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

var errFill = errors.New("cudamem: staging fill failed")

func errCuda(rc C.cudaError_t) error {
	if rc == C.cudaSuccess {
		return nil
	}
	return fmt.Errorf("cuda error %d", int(rc))
}

// uploadAndRun leaks the device buffer when the copy fails; the status
// test on the cudaMalloc line itself is the failure branch.
func uploadAndRun(host unsafe.Pointer, n C.size_t) error {
	var dev unsafe.Pointer
	if rc := C.cudaMalloc(&dev, n); rc != C.cudaSuccess { // want "GAI301"
		return errCuda(rc)
	}
	if rc := C.cudaMemcpy(dev, host, n, C.cudaMemcpyHostToDevice); rc != C.cudaSuccess {
		return errCuda(rc)
	}
	rc := C.launch_gemv(dev, n, nil)
	C.cudaFree(dev)
	return errCuda(rc)
}

// scratchRun tests the status on the next statement, then defers cudaFree.
func scratchRun(n C.size_t) error {
	var dev unsafe.Pointer
	rc := C.cudaMalloc(&dev, n) // ok: GAI301 status tested on the next statement, then deferred cudaFree
	if rc != C.cudaSuccess {
		return errCuda(rc)
	}
	defer C.cudaFree(dev)
	return errCuda(C.launch_gemv(dev, n, nil))
}

// syncRun leaks the stream when synchronisation fails.
func syncRun(dev unsafe.Pointer, n C.size_t) error {
	var stream C.cudaStream_t
	if rc := C.cudaStreamCreate(&stream); rc != C.cudaSuccess { // want "GAI301"
		return errCuda(rc)
	}
	C.launch_gemv(dev, n, stream)
	if rc := C.cudaStreamSynchronize(stream); rc != C.cudaSuccess {
		return errCuda(rc)
	}
	C.cudaStreamDestroy(stream)
	return nil
}

// asyncRun destroys its non-blocking stream with defer.
func asyncRun(dev unsafe.Pointer, n C.size_t) error {
	var stream C.cudaStream_t
	if rc := C.cudaStreamCreateWithFlags(&stream, C.cudaStreamNonBlocking); rc != C.cudaSuccess { // ok: GAI301 deferred cudaStreamDestroy after the status check
		return errCuda(rc)
	}
	defer C.cudaStreamDestroy(stream)
	if rc := C.launch_gemv(dev, n, stream); rc != C.cudaSuccess {
		return errCuda(rc)
	}
	return errCuda(C.cudaStreamSynchronize(stream))
}

// timeKernel destroys the start event but never the stop event.
func timeKernel(dev unsafe.Pointer, n C.size_t) (float32, error) {
	var start, stop C.cudaEvent_t
	if rc := C.cudaEventCreate(&start); rc != C.cudaSuccess { // ok: GAI301 deferred cudaEventDestroy(start)
		return 0, errCuda(rc)
	}
	defer C.cudaEventDestroy(start)
	if rc := C.cudaEventCreate(&stop); rc != C.cudaSuccess { // want "GAI301"
		return 0, errCuda(rc)
	}
	C.cudaEventRecord(start, nil)
	C.launch_gemv(dev, n, nil)
	C.cudaEventRecord(stop, nil)
	C.cudaEventSynchronize(stop)
	var ms C.float
	C.cudaEventElapsedTime(&ms, start, stop) // ok: GAI301 fills an out-parameter but is not an acquisition
	return float32(ms), nil
}

// freeDeviceMemory reads counters through out-parameters; nothing to release.
func freeDeviceMemory() (uint64, error) {
	var freeBytes, totalBytes C.size_t
	if rc := C.cudaMemGetInfo(&freeBytes, &totalBytes); rc != C.cudaSuccess { // ok: GAI301 cudaMemGetInfo is not in the resource table
		return 0, errCuda(rc)
	}
	return uint64(freeBytes), nil
}

// stage leaks pinned host memory when filling it fails.
func stage(n C.size_t) error {
	var staging unsafe.Pointer
	if rc := C.cudaHostAlloc(&staging, n, C.cudaHostAllocDefault); rc != C.cudaSuccess { // want "GAI301"
		return errCuda(rc)
	}
	if C.fill_staging(staging, n) != 0 {
		return errFill
	}
	C.cudaFreeHost(staging)
	return nil
}

// stageChecked frees pinned host memory on both paths.
func stageChecked(n C.size_t) error {
	var staging unsafe.Pointer
	if rc := C.cudaHostAlloc(&staging, n, C.cudaHostAllocDefault); rc != C.cudaSuccess { // ok: GAI301 cudaFreeHost on both later paths
		return errCuda(rc)
	}
	if C.fill_staging(staging, n) != 0 {
		C.cudaFreeHost(staging)
		return errFill
	}
	C.cudaFreeHost(staging)
	return nil
}

// deviceBuffer owns managed memory; Free releases the field.
type deviceBuffer struct {
	ptr  unsafe.Pointer
	size C.size_t
}

// Free releases the managed allocation.
func (b *deviceBuffer) Free() {
	C.cudaFree(b.ptr)
	b.ptr = nil
}

// newManaged returns the allocation inside a struct.
func newManaged(n C.size_t) (*deviceBuffer, error) {
	var p unsafe.Pointer
	if rc := C.cudaMallocManaged(&p, n, C.cudaMemAttachGlobal); rc != C.cudaSuccess { // ok: GAI301 returned inside a struct whose field Free releases
		return nil, errCuda(rc)
	}
	return &deviceBuffer{ptr: p, size: n}, nil
}
