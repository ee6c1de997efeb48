// Package svc leaks goroutines the ways golint-ai's goroutine rules describe, and some
// ways they do not; cmd/leaky runs it and dumps its goroutines.
package svc

import (
	"context"
	"sync"
)

// Infer abandons its worker when ctx is done first (GAI102).
func Infer(ctx context.Context, run func() []float32) ([]float32, error) {
	out := make(chan []float32)
	go func() {
		out <- run()
	}()
	select {
	case res := <-out:
		return res, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Stream produces tokens without watching ctx (GAI103).
func Stream(ctx context.Context, next func() (string, bool)) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			tok, ok := next()
			if !ok {
				return
			}
			out <- tok
		}
	}()
	return out
}

// Workers start a pool that reads jobs until the channel is closed; nobody closes it.
func Workers(n int, jobs <-chan int, results chan<- int) {
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				results <- j * 2
			}
		}()
	}
}

// Locked takes a mutex that is never released.
func Locked(mu *sync.Mutex, n int) {
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			defer mu.Unlock()
		}()
	}
}
