// Dot-imported wrappers are called by their bare names.
package app

import (
	"runtime"

	. "example.com/ml/native"
)

func deviceDot() {
	SetDevice(0) // want "GAI302 .*SetDevice"
}

func deviceDotPinned() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	SetDevice(1) // ok: GAI302 locked first
}

func paramsDot(n int) int {
	p, err := NewParams(n) // want "GAI301 .*NewParams.*p.Delete"
	if err != nil {
		return 0
	}
	return p.Size()
}
