// Package app uses the native wrappers of another package of the module.
package app

import (
	"errors"
	"runtime"

	"example.com/ml/engine"
	"example.com/ml/native"
)

func leak(n int) error {
	p, err := native.NewParams(n) // want "GAI301 .*native.NewParams.*p.Delete\\(\\)"
	if err != nil {
		return err
	}
	if p.Size() == 0 {
		return errors.New("empty") // p leaks here
	}
	p.Delete()
	return nil
}

func deferred(n int) (int, error) {
	p, err := native.NewParams(n) // ok: GAI301 failure branch, then deferred Delete
	if err != nil {
		return 0, err
	}
	defer p.Delete()
	return p.Size(), nil
}

func handedOver(n int) (*native.Params, error) {
	return native.NewParams(n) // ok: GAI301 returned to the caller
}

func cached() int {
	p := native.Shared() // ok: GAI301 not a fresh value
	return p.Size()
}

func collected(n int) int {
	t := native.NewTensor(n) // ok: GAI301 a finalizer frees it
	_ = t
	return n
}

func tracked(n int) int {
	t := native.NewTracked(n) // ok: GAI301 registered through the generic helper
	_ = t
	return n
}

func viaDefault() error {
	p, err := native.Default() // want "GAI301 .*p.Delete"
	if err != nil {
		return err
	}
	_ = p.Size()
	return nil
}

func filled() int {
	p := native.Filled(3) // want "GAI301"
	return p.Size()
}

func raw() {
	h := native.Raw(2) // want "GAI301 .*C.params_delete"
	_ = h
}

func releasedByHelper(n int) error {
	p, err := native.NewParams(n) // ok: GAI301 native.Release releases it
	if err != nil {
		return err
	}
	native.Release(p)
	return nil
}

func releasedConditionally(n int, sure bool) error {
	p, err := native.NewParams(n) // ok: GAI301 handed to a consumer that may take it
	if err != nil {
		return err
	}
	native.MaybeRelease(p, sure)
	return nil
}

func consumedByFlag(n int) {
	p, err := native.NewParams(n) // ok: GAI301 MaybeRelease(p, true) releases it
	if err != nil {
		return
	}
	native.MaybeRelease(p, true)
}

func notConsumed(n int) {
	p, err := native.NewParams(n) // want "GAI301"
	if err != nil {
		return
	}
	native.MaybeRelease(p, false)
}

func handle() {
	h := native.NewHandle() // ok: GAI301 Handle has no release to call
	h.Close()
}

func deviceUnpinned() {
	native.SetDevice(0) // want "GAI302 .*native.SetDevice"
}

func deviceThroughTwo() {
	native.Use(1) // want "GAI302 .*native.Use"
}

func devicePinned() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	native.SetDevice(0) // ok: GAI302 locked first
}

func deviceLockedInside() {
	native.SetDeviceLocked(0) // ok: GAI302 the callee locks
}

func temporary(n int) int {
	return native.Norm(native.Filled(n)) // want "GAI301 .*native.Filled.*native.Norm, which only borrows it.*v.Delete\\(\\)"
}

func temporaryKept(n int) {
	native.Keep(native.Filled(n)) // ok: GAI301 the callee keeps it
}

func temporaryReleased(n int) {
	native.Release(native.Filled(n)) // ok: GAI301 the callee releases it
}

func temporaryCollected(n int) {
	native.Rank(native.NewTensor(n)) // ok: GAI301 a finalizer frees it
}

func temporaryTwoResults(n int) {
	consume(native.NewParams(n)) // ok: GAI301 two results go to a local function that keeps both
}

func consume(p *native.Params, err error) {
	if err == nil {
		native.Keep(p)
	}
}

func logs(path string) error {
	l, err := native.OpenLog(path) // ok: GAI301 a Go file, not a native resource
	if err != nil {
		return err
	}
	_ = l
	return nil
}

func predictOnce(n int) (float32, error) {
	e, err := engine.New(n) // want "GAI301 .*engine.New.*e.Close\\(\\)"
	if err != nil {
		return 0, err
	}
	return e.Predict(), nil
}

func predictClosed(n int) (float32, error) {
	e, err := engine.New(n) // ok: GAI301 closed by the defer
	if err != nil {
		return 0, err
	}
	defer e.Close()
	return e.Predict(), nil
}

func scoreOnce(n int) float32 {
	s := engine.NewScorer(n) // ok: GAI301 Scorer has a pure-Go implementation: not a resource type
	return s.Score()
}
