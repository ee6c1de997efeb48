package drained

import (
	"context"
	"testing"
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
