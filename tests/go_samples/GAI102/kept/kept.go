// Package kept holds near misses: sends that can always complete, or receives that always happen.
package kept

import (
	"context"
	"fmt"
	"time"
)

func compute() int { return 42 }

func buffered(ctx context.Context) int {
	out := make(chan int, 1)
	go func() {
		out <- compute() // ok: GAI102 capacity 1 holds the one send
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func bufferedTwo(ctx context.Context) int {
	out := make(chan int, 2)
	go func() {
		out <- compute() // ok: GAI102 buffered channel
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func guardedSend(ctx context.Context) int {
	out := make(chan int)
	go func() {
		select {
		case out <- compute(): // ok: GAI102 the send watches ctx.Done()
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func defaultSend(ctx context.Context) int {
	out := make(chan int)
	go func() {
		select {
		case out <- compute(): // ok: GAI102 the send has a default case
		default:
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func unconditional() int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 unconditional receive
	}()
	return <-out
}

func keepsReceiving(ctx context.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the loop keeps receiving after the tick
	}()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case v := <-out:
			return v
		case <-t.C:
			fmt.Println("still waiting")
		}
	}
}

func breakLeavesSelectOnly(ctx context.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 break leaves the select, not the loop
	}()
	for {
		select {
		case v := <-out:
			return v
		case <-time.After(time.Millisecond):
			break
		}
	}
}

func freshPerIteration(items []int) int {
	total := 0
	for range items {
		ch := make(chan int)
		go func() {
			ch <- compute() // ok: GAI102 the other case only continues a loop making a fresh channel
		}()
		select {
		case v := <-ch:
			total += v
		case <-time.After(time.Second):
			continue
		}
	}
	return total
}

func ranged() int {
	out := make(chan int)
	go func() {
		defer close(out)
		out <- compute() // ok: GAI102 ranged over until closed
	}()
	n := 0
	for v := range out {
		n += v
	}
	return n
}

func handedOver(ctx context.Context) {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the channel is handed to another consumer
	}()
	consume(ctx, out)
}

func consume(ctx context.Context, ch <-chan int) {
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

func returned() <-chan int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 returned: the caller receives
	}()
	return out
}

func singleCaseSelect() int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 a one-case select is an unconditional receive
	}()
	select {
	case v := <-out:
		return v
	}
}

func namedWorker(ctx context.Context) int {
	out := make(chan int)
	go worker(out) // ok: GAI102 the send is in another function
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func worker(out chan<- int) { out <- compute() }

func shadowedInside(ctx context.Context) int {
	out := make(chan int)
	go func() {
		out := make(chan int, 1)
		out <- compute() // ok: GAI102 a different, buffered channel
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func reassigned(ctx context.Context, big bool) int {
	out := make(chan int)
	if big {
		out = make(chan int, 1)
	}
	go func() {
		out <- compute() // ok: GAI102 capacity unknown after reassignment
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func thenReceives(ctx context.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 received unconditionally after the select
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
	}
	return <-out
}
