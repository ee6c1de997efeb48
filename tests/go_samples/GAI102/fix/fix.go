// Package fix holds abandoned sends with a safe capacity-1 fix.
package fix

import (
	"context"
	"time"
)

type result struct {
	tokens []int
	err    error
}

func run() result { return result{} }

func infer(ctx context.Context) (result, error) {
	out := make(chan result)
	go func() {
		out <- run() // want "GAI102"
	}()
	select {
	case r := <-out:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

func probe() bool {
	done := make(chan struct{}, 0)
	go func() {
		_ = run()
		done <- struct{}{} // want "GAI102"
	}()
	select {
	case <-done:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func severalSends(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i // want "GAI102"
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
