// Package guarded holds near misses: sends that watch the context, or consumers that drain.
package guarded

import (
	"context"
	"time"
)

func stream(ctx context.Context, words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case out <- w: // ok: GAI103 watches ctx.Done()
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func withDefault(ctx context.Context, words []string) <-chan string {
	out := make(chan string, 8)
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case out <- w: // ok: GAI103 drops instead of blocking
			default:
			}
		}
	}()
	return out
}

func withTimer(ctx context.Context, words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case out <- w: // ok: GAI103 another case bounds the wait
			case <-time.After(time.Second):
				return
			}
		}
	}()
	return out
}

func noContext(words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w // ok: GAI103 no context in scope
		}
	}()
	return out
}

func backgroundOnly(words []string) <-chan string {
	ctx := context.Background()
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			_ = ctx
			out <- w // ok: GAI103 context.Background() can never be cancelled
		}
	}()
	return out
}

func drainedByRange(ctx context.Context, words []string) int {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w // ok: GAI103 ranged over to its close, nothing leaves early
		}
	}()
	n := 0
	for w := range out {
		if w == "" {
			continue
		}
		n++
	}
	return n
}

func drainedByOk(ctx context.Context, words []string) int {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w // ok: GAI103 received in a loop until closed
		}
	}()
	n := 0
	for {
		w, ok := <-out
		if !ok {
			break
		}
		n += len(w)
	}
	return n
}

func singleSend(ctx context.Context) <-chan int {
	out := make(chan int)
	go func() {
		out <- 1 // ok: GAI103 not in a loop
	}()
	return out
}

func constCapacity(ctx context.Context) <-chan int {
	out := make(chan int, 10)
	go func() {
		defer close(out)
		for i := 0; i < 10; i++ {
			out <- i // ok: GAI103 capacity 10 covers ten sends
		}
	}()
	return out
}

func lenCapacity(ctx context.Context, jobs []string) <-chan int {
	out := make(chan int, len(jobs))
	go func() {
		defer close(out)
		for _, j := range jobs {
			out <- len(j) // ok: GAI103 capacity len(jobs) covers range jobs
		}
	}()
	return out
}

func loopOutside(ctx context.Context, n int) chan int {
	out := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			out <- i // ok: GAI103 the loop is outside the goroutine
		}(i)
	}
	return out
}

func callback(ctx context.Context, words []string, each func(func(string))) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		each(func(w string) {
			out <- w // want "GAI103 in a callback that `each`"
		})
	}()
	return out
}

func labelledSelect(ctx context.Context, words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
	loop:
		for _, w := range words {
			select {
			case out <- w: // ok: GAI103 labelled loop, guarded send
			case <-ctx.Done():
				break loop
			}
		}
	}()
	return out
}

func drainedWithSwitch(ctx context.Context, words []string) int {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w // ok: GAI103 the break only leaves the switch
		}
	}()
	n := 0
	for w := range out {
		switch w {
		case "":
			break
		default:
			n++
		}
	}
	return n
}

func shadowedContext(words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		ctx := len(words)
		for _, w := range words {
			_ = ctx
			out <- w // ok: GAI103 ctx here is an int, no context in scope
		}
	}()
	return out
}

func drainedByConsumerGoroutine(ctx context.Context, words []string, done chan<- int) {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			out <- w // ok: GAI103 a consumer goroutine of this function drains out to its close
		}
	}()
	go func() {
		n := 0
		for w := range out {
			n += len(w)
		}
		done <- n
	}()
}
