// Command mainthread locks the main thread in init, so main may bind the
// CUDA context directly; goroutines started from main may not.
package main

/*
static int cudaSetDevice(int d) { return 0; }
*/
import "C"

import "runtime"

func init() {
	runtime.LockOSThread()
	C.cudaSetDevice(0) // ok: GAI302 init runs on the main thread it locked
}

func main() {
	C.cudaSetDevice(0) // ok: GAI302 main runs on the thread init locked
	done := make(chan struct{})
	go func() {
		C.cudaSetDevice(1) // want "GAI302"
		close(done)
	}()
	<-done
	serve()
}

func serve() {
	C.cudaSetDevice(2) // want "GAI302"
}
