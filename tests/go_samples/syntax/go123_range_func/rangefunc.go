// Package rangefunc analyses range-over-func iterators (Go 1.23).
package rangefunc

import (
	"context"
	"iter"
)

func tokens(ctx context.Context, seq iter.Seq[string]) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for tok := range seq {
			out <- tok // want "GAI103"
		}
	}()
	return out
}
