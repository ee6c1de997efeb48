// Package generics analyses generic functions and types (Go 1.18).
package generics

import (
	"context"
	"sync"
)

type Number interface {
	~int | ~int64 | ~float32 | ~float64
}

func first[T any](ctx context.Context, produce func() T) (T, error) {
	out := make(chan T)
	go func() {
		out <- produce() // want "GAI102"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

type Batch[T Number] struct{ items []T }

func (b *Batch[T]) Reset() { b.items = b.items[:0] }

var batches = sync.Pool{New: func() any { return new(Batch[float32]) }}

func sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func total(xs []float32) float32 {
	b := batches.Get().(*Batch[float32])
	b.items = append(b.items, xs...)
	s := sum(b.items)
	batches.Put(b) // want "GAI401"
	return s
}
