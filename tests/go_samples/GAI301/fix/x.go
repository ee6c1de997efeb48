// Package fix: a Go-level constructor of the same package, leaked on an early return.
package fix

/*
typedef struct params params;
static params* params_create(int n) { return 0; }
static void params_delete(params* p) {}
static int params_size(params* p) { return 0; }
*/
import "C"

import "errors"

// Params owns a native parameter block.
type Params struct{ h *C.params }

// NewParams makes one; the caller must Delete it.
func NewParams(n int) (*Params, error) {
	h := C.params_create(C.int(n))
	if h == nil {
		return nil, errors.New("params_create failed")
	}
	return &Params{h: h}, nil
}

// Delete releases the block.
func (p *Params) Delete() { C.params_delete(p.h) }

// Size reads it.
func (p *Params) Size() int { return int(C.params_size(p.h)) }

func run(n int) error {
	p, err := NewParams(n) // want "GAI301 .*NewParams.*p.Delete\\(\\)"
	if err != nil {
		return err // the failure branch: nothing to release
	}
	if p.Size() == 0 {
		return errors.New("empty")
	}
	return nil
}

func single(n int) int {
	p, _ := NewParams(n) // want "GAI301"
	return p.Size()
}
