// Command workers holds worker pools whose jobs channel is (or is not) closed on
// every path of the function that starts them.
package main

import (
	"context"
	"errors"
	"sync"
)

type item struct{ ok bool }

var errInvalid = errors.New("invalid")

func handle(it item) {}

func earlyReturn(items []item) error {
	jobs := make(chan item)
	for i := 0; i < 4; i++ {
		go func() { // want "GAI104 .*`earlyReturn` returns at line 28"
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		if !it.ok {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

func neverClosed(items []item) {
	jobs := make(chan item, len(items))
	go func() { // want "GAI104 .*without closing it"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}

func closedInOneBranch(items []item, flush bool) {
	jobs := make(chan item)
	go func() { // want "GAI104 .*only on other paths"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	if flush {
		close(jobs)
	}
}

func deferredClose(items []item) error {
	jobs := make(chan item)
	defer close(jobs)
	go func() { // ok: GAI104 defer close covers every path
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if !it.ok {
			return errInvalid
		}
		jobs <- it
	}
	return nil
}

func closedOnEveryPath(items []item) error {
	jobs := make(chan item)
	go func() { // ok: GAI104 closed before each return
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if !it.ok {
			close(jobs)
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

func returnedChannel() chan item {
	jobs := make(chan item)
	go func() { // ok: GAI104 the caller gets the channel and may close it
		for it := range jobs {
			handle(it)
		}
	}()
	return jobs
}

func watchesContext(ctx context.Context, items []item) {
	jobs := make(chan item)
	go func() { // ok: GAI104 the worker also stops on ctx.Done()
		for it := range jobs {
			select {
			case <-ctx.Done():
				return
			default:
				handle(it)
			}
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}

func awaited(items []item) {
	jobs := make(chan item)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: GAI104 F waits for the worker (and closes first)
		defer wg.Done()
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

func panics(items []item) {
	jobs := make(chan item)
	go func() { // ok: GAI104 the only other exit panics
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if !it.ok {
			panic("invalid")
		}
		jobs <- it
	}
	close(jobs)
}

func rangeOverSlice(items []item) {
	go func() { // ok: GAI104 ranges over a slice, not a channel
		for _, it := range items {
			handle(it)
		}
	}()
}

func passedOn(items []item, start func(chan item)) {
	jobs := make(chan item)
	go func() { // ok: GAI104 handed to another function that may close it
		for it := range jobs {
			handle(it)
		}
	}()
	start(jobs)
}

func main() {
	jobs := make(chan item)
	go func() { // ok: GAI104 program-lifetime goroutine of main
		for it := range jobs {
			handle(it)
		}
	}()
	jobs <- item{}
}
