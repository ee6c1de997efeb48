// Package fix: the fix pins the goroutine at the start of the function, importing
// runtime where the file does not yet.
package fix

/*
static int cudaSetDevice(int d) { return 0; }
static void run_kernel(void) {}
*/
import "C"

import (
	"errors"
	"sync"
)

var mu sync.Mutex

func runOn(dev int) error { // serves one request
	if C.cudaSetDevice(C.int(dev)) != 0 { // want "GAI302"
		return errors.New("no device")
	}
	C.run_kernel()
	return nil
}

func background(dev int) {
	go func() {
		mu.Lock()
		defer mu.Unlock()
		C.cudaSetDevice(C.int(dev)) // want "GAI302"
		C.run_kernel()
	}()
}
