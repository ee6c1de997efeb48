// Package left holds senders a function leaves behind: an early return before the
// receive, N senders for one receive, and a goroutine that can send twice.
package left

import (
	"context"
	"errors"
	"sync"
)

var errBad = errors.New("bad")

func work() int                   { return 1 }
func check() error                { return nil }
func fetch(s string) (int, error) { return len(s), nil }

// (b) early returns

func earlyReturn() (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*`earlyReturn` returns at line 25 before its receive at line 27"
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func earlyReturnNested(a, b bool) int {
	done := make(chan int)
	go func() {
		done <- work() // want "GAI102 .*before its receive"
	}()
	if a {
		if b {
			return 0
		}
	}
	return <-done
}

func receiveInOneBranch(ok bool) {
	res := make(chan error)
	go func() {
		res <- check() // want "GAI102 .*ends at line"
	}()
	if ok {
		_ = <-res
	}
}

func receivedOnEveryPath() (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 received on every path
	}()
	v := <-ch
	if err := check(); err != nil {
		return 0, err
	}
	return v, nil
}

func bufferedEarlyReturn() (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- work() // ok: GAI102 capacity 1 holds the one send
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func deferredReceive() error {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the deferred receive runs on every exit
	}()
	defer func() { <-ch }()
	return check()
}

func returned() (chan int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the channel is returned: the caller receives
	}()
	if err := check(); err != nil {
		return nil, err
	}
	return ch, nil
}

func panicsBefore() int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the other path panics
	}()
	if check() != nil {
		panic("bad")
	}
	return <-ch
}

func waitGroupDrained() error {
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- work() // ok: GAI102 received unconditionally before the check
	}()
	<-ch
	wg.Wait()
	return check()
}

// (c) N senders, one receive

func firstWins(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			n, _ := fetch(u)
			ch <- n // want "GAI102 .*receives once at line 130.*make\\(chan int, len\\(urls\\)\\)"
		}(u)
	}
	return <-ch
}

func firstWinsCounted(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- work() // want "GAI102 .*every sender but the first"
		}()
	}
	return <-ch
}

func allReceived(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			n, _ := fetch(u)
			ch <- n // ok: GAI102 one receive per sender
		}(u)
	}
	total := 0
	for range urls {
		total += <-ch
	}
	return total
}

func sizedForAll(urls []string) int {
	ch := make(chan int, len(urls))
	for _, u := range urls {
		go func(u string) {
			n, _ := fetch(u)
			ch <- n // ok: GAI102 one slot per sender
		}(u)
	}
	return <-ch
}

func freshChannelPerIteration(urls []string) int {
	total := 0
	for _, u := range urls {
		ch := make(chan int)
		go func(u string) {
			n, _ := fetch(u)
			ch <- n // ok: GAI102 one channel per goroutine, each received
		}(u)
		total += <-ch
	}
	return total
}

// (d) double sends

func doubleSend() error {
	errc := make(chan error)
	go func() {
		if err := check(); err != nil {
			errc <- err
		}
		errc <- nil // want "GAI102 .*second time here after the send at line 188"
	}()
	return <-errc
}

func exclusiveSends() error {
	errc := make(chan error)
	go func() {
		if err := check(); err != nil {
			errc <- err // ok: GAI102 one send per path
			return
		}
		errc <- nil // ok: GAI102 one send per path
	}()
	return <-errc
}

func elseSends() error {
	errc := make(chan error)
	go func() {
		if err := check(); err != nil {
			errc <- err // ok: GAI102 the branches exclude each other
		} else {
			errc <- errBad // ok: GAI102 the branches exclude each other
		}
	}()
	return <-errc
}

func bothReceived() (error, error) {
	errc := make(chan error)
	go func() {
		errc <- check() // ok: GAI102 two receives
		errc <- check() // ok: GAI102 two receives
	}()
	return <-errc, <-errc
}

func guardedSecond(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		errc <- check() // ok: GAI102 received
		select {
		case errc <- nil: // ok: GAI102 a select with ctx.Done
		case <-ctx.Done():
		}
	}()
	return <-errc
}

func countedReceives(n int) {
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func() {
			done <- true // ok: GAI102 three receives for three senders
		}()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
}

func countedAfterWork() {
	ready := make(chan struct{})
	go func() {
		ready <- struct{}{} // ok: GAI102 received in the counting loop
	}()
	for i := 0; i < 1; i++ {
		<-ready
	}
}
