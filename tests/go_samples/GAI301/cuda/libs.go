package cudamem

/*
#include <stddef.h>

typedef struct cublasContext* cublasHandle_t;
typedef enum { CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED = 1 } cublasStatus_t;
typedef struct cudnnContext* cudnnHandle_t;
typedef enum { CUDNN_STATUS_SUCCESS = 0, CUDNN_STATUS_NOT_INITIALIZED = 1 } cudnnStatus_t;
typedef enum { CUDA_SUCCESS = 0, CUDA_ERROR_OUT_OF_MEMORY = 2 } CUresult;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st* CUcontext;
typedef int CUdevice;
typedef struct CUstream_st* cudaStream_t;

static cublasStatus_t cublasCreate(cublasHandle_t* h) { *h = 0; return CUBLAS_STATUS_SUCCESS; }
static cublasStatus_t cublasSetStream(cublasHandle_t h, cudaStream_t s) { return CUBLAS_STATUS_SUCCESS; }
static cublasStatus_t cublasSgemmSimple(cublasHandle_t h, const void* a, const void* b, void* c, int n) { return CUBLAS_STATUS_SUCCESS; }
static cublasStatus_t cublasDestroy(cublasHandle_t h) { return CUBLAS_STATUS_SUCCESS; }

static cudnnStatus_t cudnnCreate(cudnnHandle_t* h) { *h = 0; return CUDNN_STATUS_SUCCESS; }
static cudnnStatus_t cudnnConvForwardSimple(cudnnHandle_t h, const void* x, void* y, int n) { return CUDNN_STATUS_SUCCESS; }
static cudnnStatus_t cudnnDestroy(cudnnHandle_t h) { return CUDNN_STATUS_SUCCESS; }

static CUresult cuMemAlloc(CUdeviceptr* p, size_t n) { *p = 0; return CUDA_SUCCESS; }
static CUresult cuMemsetD8(CUdeviceptr p, unsigned char v, size_t n) { return CUDA_SUCCESS; }
static CUresult cuMemFree(CUdeviceptr p) { return CUDA_SUCCESS; }
static CUresult cuCtxCreate(CUcontext* c, unsigned int flags, CUdevice dev) { *c = 0; return CUDA_SUCCESS; }
static CUresult cuCtxDestroy(CUcontext c) { return CUDA_SUCCESS; }
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

func errBlas(st C.cublasStatus_t) error {
	return fmt.Errorf("cublas status %d", int(st))
}

func errDnn(st C.cudnnStatus_t) error {
	return fmt.Errorf("cudnn status %d", int(st))
}

// gemmOnce leaks the cuBLAS handle when the GEMM fails.
func gemmOnce(a, b, c unsafe.Pointer, n int) error {
	var h C.cublasHandle_t
	if st := C.cublasCreate(&h); st != C.CUBLAS_STATUS_SUCCESS { // want "GAI301"
		return errBlas(st)
	}
	if st := C.cublasSgemmSimple(h, a, b, c, C.int(n)); st != C.CUBLAS_STATUS_SUCCESS {
		return errBlas(st)
	}
	C.cublasDestroy(h)
	return nil
}

// newBlas returns the handle to the caller and destroys it on the error path.
func newBlas(stream C.cudaStream_t) (C.cublasHandle_t, error) {
	var h C.cublasHandle_t
	if st := C.cublasCreate(&h); st != C.CUBLAS_STATUS_SUCCESS { // ok: GAI301 returned to the caller, destroyed on the error path
		return nil, errBlas(st)
	}
	if st := C.cublasSetStream(h, stream); st != C.CUBLAS_STATUS_SUCCESS {
		C.cublasDestroy(h)
		return nil, errBlas(st)
	}
	return h, nil
}

// convOnce destroys the cuDNN handle with defer.
func convOnce(x, y unsafe.Pointer, n int) error {
	var h C.cudnnHandle_t
	if st := C.cudnnCreate(&h); st != C.CUDNN_STATUS_SUCCESS { // ok: GAI301 deferred cudnnDestroy after the status check
		return errDnn(st)
	}
	defer C.cudnnDestroy(h)
	if st := C.cudnnConvForwardSimple(h, x, y, C.int(n)); st != C.CUDNN_STATUS_SUCCESS {
		return errDnn(st)
	}
	return nil
}

// canReserve probes device memory and forgets cuMemFree.
func canReserve(n C.size_t) bool {
	var dptr C.CUdeviceptr
	if C.cuMemAlloc(&dptr, n) != C.CUDA_SUCCESS { // want "GAI301"
		return false
	}
	return true
}

// zeroed frees the driver allocation with defer.
func zeroed(n C.size_t) error {
	var dptr C.CUdeviceptr
	if rc := C.cuMemAlloc(&dptr, n); rc != C.CUDA_SUCCESS { // ok: GAI301 deferred cuMemFree after the status check
		return fmt.Errorf("cuMemAlloc: %d", int(rc))
	}
	defer C.cuMemFree(dptr)
	if rc := C.cuMemsetD8(dptr, 0, n); rc != C.CUDA_SUCCESS {
		return fmt.Errorf("cuMemsetD8: %d", int(rc))
	}
	return nil
}

// withContext pins the thread, creates a driver context and destroys it.
func withContext(dev C.CUdevice, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ctx C.CUcontext
	if rc := C.cuCtxCreate(&ctx, 0, dev); rc != C.CUDA_SUCCESS { // ok: GAI301 deferred cuCtxDestroy after the status check
		return fmt.Errorf("cuCtxCreate: %d", int(rc))
	}
	defer C.cuCtxDestroy(ctx)
	return fn()
}

// check turns a driver status into an error, the way Go CUDA bindings do.
func check(op string, x C.CUresult) error {
	if x != C.CUDA_SUCCESS {
		return fmt.Errorf("%s: CUresult %d", op, int(x))
	}
	return nil
}

type Device struct{ ctx C.CUcontext }

// newDevice tests the status after turning it into an error on the next
// statement: on the failure branch no context exists.
func newDevice(dev C.CUdevice) (*Device, error) {
	var ctx C.CUcontext
	x := C.cuCtxCreate(&ctx, 0, dev) // ok: GAI301 status converted to an error, tested, then stored in the returned Device
	err := check("cuCtxCreate", x)
	if err != nil {
		return nil, err
	}
	return &Device{ctx: ctx}, nil
}

// scratch wraps the call itself in the status conversion.
func scratch(n C.size_t) (C.CUdeviceptr, error) {
	var p C.CUdeviceptr
	err := check("cuMemAlloc", C.cuMemAlloc(&p, n)) // ok: GAI301 wrapped status tested right away, then returned
	if err != nil {
		return 0, err
	}
	return p, nil
}

// clearScratch tests the wrapped status inline, then frees on every path.
func clearScratch(n C.size_t) error {
	var p C.CUdeviceptr
	if check("cuMemAlloc", C.cuMemAlloc(&p, n)) != nil { // ok: GAI301 wrapped status tested in the condition, then deferred cuMemFree
		return fmt.Errorf("no scratch")
	}
	defer C.cuMemFree(p)
	return check("cuMemsetD8", C.cuMemsetD8(p, 0, n))
}

// zeroedScratch leaks the buffer when the memset fails, after a correctly tested
// wrapped status.
func zeroedScratch(n C.size_t) (C.CUdeviceptr, error) {
	var p C.CUdeviceptr
	err := check("cuMemAlloc", C.cuMemAlloc(&p, n)) // want "GAI301 .*cuMemFree"
	if err != nil {
		return 0, err
	}
	if err := check("cuMemsetD8", C.cuMemsetD8(p, 0, n)); err != nil {
		return 0, err
	}
	return p, nil
}
