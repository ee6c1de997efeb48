// Package callbacks holds producers whose send sits in a streaming callback inside
// the goroutine: the callback runs once per token, so the send is a send in a loop.
package callbacks

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

type runner struct{}

// Completion calls fn once per generated token.
func (runner) Completion(ctx context.Context, fn func(int)) error { return nil }

var errGone = errors.New("client gone")

func write(v any) error { return errGone }

// writeResponse stops reading as soon as the client is gone.
func writeResponse(ch chan any) {
	for v := range ch {
		if err := write(v); err != nil {
			return
		}
	}
}

func handler(parent context.Context, r runner) {
	ch := make(chan any)
	go func() {
		defer close(ch)
		for {
			ctx, cancel := context.WithCancel(parent)
			err := r.Completion(ctx, func(v int) {
				ch <- v // want "GAI103 .*callback that `r.Completion`.*`ctx`"
			})
			cancel()
			if err != nil {
				return
			}
		}
	}()
	writeResponse(ch)
}

// The callback held in a local before it is handed over.
func throughLocal(ctx context.Context, r runner) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		fn := func(tok int) {
			out <- tok // want "GAI103 .*callback"
		}
		_ = r.Completion(ctx, fn)
	}()
	return out
}

// The callback watches the context: fine.
func guarded(ctx context.Context, r runner) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		_ = r.Completion(ctx, func(tok int) {
			select {
			case out <- tok: // ok: GAI103 guarded by ctx.Done
			case <-ctx.Done():
			}
		})
	}()
	return out
}

// Callees that call their argument at most once: not a loop.
func once(ctx context.Context, o *sync.Once) <-chan int {
	out := make(chan int, 1)
	go func() {
		o.Do(func() {
			out <- 1 // ok: GAI103 sync.Once.Do runs it once
		})
	}()
	return out
}

func afterFunc(ctx context.Context) <-chan int {
	out := make(chan int, 1)
	go func() {
		time.AfterFunc(time.Second, func() {
			out <- 1 // ok: GAI103 time.AfterFunc calls it once
		})
	}()
	return out
}

func sorted(ctx context.Context, xs []int) <-chan int {
	out := make(chan int, 1)
	go func() {
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		out <- len(xs) // ok: GAI103 a single send outside any loop
	}()
	return out
}

// A callback outside any goroutine: the caller's own business.
func direct(ctx context.Context, r runner, out chan<- int) error {
	return r.Completion(ctx, func(tok int) {
		out <- tok // ok: GAI103 not in a producer goroutine
	})
}
