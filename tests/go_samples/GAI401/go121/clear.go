// Package go121 uses the clear builtin (Go 1.21) as the reset before Put.
package go121

import "sync"

var actPool = sync.Pool{New: func() any { return make([]float32, 256) }}

var ptrPool = sync.Pool{New: func() any {
	b := make([]float32, 256)
	return &b
}}

func accumulate(in []float32) float32 {
	act := actPool.Get().([]float32)
	var s float32
	for i, x := range in {
		act[i%len(act)] += x
		s += act[i%len(act)]
	}
	clear(act)
	actPool.Put(act) // ok: GAI401 clear(act) before Put
	return s
}

func accumulatePtr(in []float32) float32 {
	bp := ptrPool.Get().(*[]float32)
	var s float32
	for i, x := range in {
		(*bp)[i%len(*bp)] += x
		s += (*bp)[i%len(*bp)]
	}
	clear(*bp)
	ptrPool.Put(bp) // ok: GAI401 clear(*bp) before Put
	return s
}

func forgot(in []float32) float32 {
	act := actPool.Get().([]float32)
	var s float32
	for i, x := range in {
		act[i%len(act)] += x
		s += act[i%len(act)]
	}
	actPool.Put(act) // want `GAI401 for i := range act { act\[i\] = 0 }`
	return s
}
