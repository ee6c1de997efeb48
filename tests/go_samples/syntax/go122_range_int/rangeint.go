// Package rangeint analyses range-over-int loops (Go 1.22).
package rangeint

import "context"

func ticks(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			out <- i // want "GAI103"
		}
	}()
	return out
}
