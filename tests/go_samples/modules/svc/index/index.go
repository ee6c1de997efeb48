// Package index serves searches over an index of the replaced example.com/vec module.
package index

import (
	"errors"
	"runtime"
	"unsafe"

	"example.com/vec"
)

func search(path string, q []float32) (int, error) {
	ix, err := vec.Open(path) // want "GAI301 .*vec.Open.*ix.Close\\(\\)"
	if err != nil {
		return 0, err
	}
	if len(q) == 0 {
		return 0, errors.New("empty query")
	}
	n := ix.Search(q)
	ix.Close()
	return n, nil
}

func searchClosed(path string, q []float32) (int, error) {
	ix, err := vec.Open(path) // ok: GAI301 deferred Close
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	return ix.Search(q), nil
}

func managed(path string) int {
	ix := vec.OpenManaged(path) // ok: GAI301 GC-backed
	return ix.Search([]float32{1})
}

func reopen(ix *vec.Index, path string) error {
	next, err := ix.Reopen(path, true) // want "GAI301 .*next.Close"
	if err != nil {
		return err
	}
	_ = next.Path()
	return nil
}

func closedBoth(a string) error {
	x, err := vec.Open(a) // want "GAI301 .*x.Close"
	if err != nil {
		return err
	}
	y, err := vec.Open(a) // ok: GAI301 its failure branch, then CloseBoth releases it
	if err != nil {
		return err // x leaks here
	}
	vec.CloseBoth(x, y)
	return nil
}

func bound(c unsafe.Pointer) {
	vec.Bind(c) // want "GAI302 .*vec.Bind"
}

func boundPinned(c unsafe.Pointer) {
	runtime.LockOSThread()
	vec.Bind(c) // ok: GAI302 locked
}
