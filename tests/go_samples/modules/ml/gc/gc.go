// Package gc registers finalizers for other packages.
package gc

import "runtime"

// Track registers fin as x's finalizer.
func Track[T any](x *T, fin func(*T)) { // summary: registers-finalizer(x)
	runtime.SetFinalizer(x, fin)
}
