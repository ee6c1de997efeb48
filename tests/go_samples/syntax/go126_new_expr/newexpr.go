// Package newexpr analyses functions using Go 1.26 new(expr).
package newexpr

import "context"

func get(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want "GAI102"
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return *new(-1)
	}
}

type options struct{ limit *int }

func defaults(n int) options {
	return options{limit: new(n * 2)}
}

func label(ctx context.Context, name string) <-chan *string {
	out := make(chan *string)
	go func() {
		defer close(out)
		for range 3 {
			out <- new(name + "!") // want "GAI103"
		}
	}()
	return out
}
