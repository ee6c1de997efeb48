package drained

import (
	"context"
	"testing"
	"time"
)

// A consumer that leaves its range only by failing the test.
func TestConsumerFails(t *testing.T) {
	ctx := context.Background()
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < 5; i++ {
			ch <- i // ok: GAI103 only a failed test stops the consumer early
		}
	}()
	for v := range ch {
		if v < 0 {
			t.Fatalf("bad value %d", v)
		}
	}
	_ = ctx
}

// The test waits for the producer: a send that blocked would hang (and fail) the test.
func TestAwaitedProducer(t *testing.T) {
	ctx := context.Background()
	got := make(chan int, 1)
	done := make(chan struct{})
	each := func(fn func(int) bool) {
		for i := 0; i < 3; i++ {
			if !fn(i) {
				return
			}
		}
	}
	go func() {
		defer close(done)
		n := 0
		each(func(v int) bool {
			got <- v // ok: GAI103 the test waits for this goroutine
			n++
			return n < 1
		})
	}()
	<-got
	<-done
	_ = ctx
}

// The consumer receives until the channel is closed; its other case fails the test.
func TestCollect(t *testing.T) {
	ctx := context.Background()
	responses := make(chan string)
	go func() {
		for i := 0; i < 10; i++ {
			responses <- "ok" // ok: GAI103 drained until close, the timeout fails the test
		}
		close(responses)
	}()
	timeout := time.After(time.Second)
	var got []string
collect:
	for len(got) < 10 {
		select {
		case r, ok := <-responses:
			if !ok {
				break collect
			}
			got = append(got, r)
		case <-timeout:
			t.Fatal("timeout")
		}
	}
	_ = ctx
}
