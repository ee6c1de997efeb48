// Package infer uses a binding from the module cache (GOMODCACHE in the tests).
package infer

import (
	"errors"

	"github.com/acme/tensor"
)

func run(n int) error {
	d, err := tensor.New(n) // want "GAI301 .*tensor.New.*d.Free\\(\\)"
	if err != nil {
		return err
	}
	if n > 1024 {
		return errors.New("too big")
	}
	d.Free()
	return nil
}

func view(d *tensor.Dense) *tensor.Dense {
	v := d.View() // ok: GAI301 a view of the caller's buffer, not a fresh one
	return v
}

func clone(d *tensor.Dense) int {
	c := d.Clone() // want "GAI301 .*c.Free\\(\\)"
	_ = c
	return 0
}

func device() {
	tensor.OnDevice(0)       // want "GAI302"
	tensor.OnDeviceLocked(1) // ok: GAI302 the callee locks
}
