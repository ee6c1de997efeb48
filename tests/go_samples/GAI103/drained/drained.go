// Package drained holds producers whose consumer provably takes every send, or whose
// sends cannot pile up, and near misses where the consumer can stop first.
package drained

import (
	"context"
	"errors"
	"strings"
)

func do(ctx context.Context, s string) int { return len(s) }

// One receive per request handed out, no early exit.
func all(ctx context.Context, reqs []string, in <-chan string) (res []int) {
	out := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			for r := range in {
				out <- do(ctx, r) // ok: GAI103 the consumer receives once per item
			}
		}()
	}
	for range reqs {
		res = append(res, <-out)
	}
	return res
}

// A counted loop receiving once per iteration.
func counted(ctx context.Context, n int, in <-chan string) int {
	out := make(chan int)
	go func() {
		for r := range in {
			out <- do(ctx, r) // ok: GAI103 n receives, no early exit
		}
	}()
	total := 0
	for i := 0; i < n; i++ {
		total += <-out
	}
	return total
}

// The consumer receives once per item but may leave early.
func countedEarlyExit(ctx context.Context, reqs []string, in <-chan string) (res []int) {
	out := make(chan int)
	go func() {
		for r := range in {
			out <- do(ctx, r) // want "GAI103 .*`out`"
		}
	}()
	for range reqs {
		v := <-out
		if v < 0 {
			return nil
		}
		res = append(res, v)
	}
	return res
}

// A receive under a condition is not once per item.
func countedConditional(ctx context.Context, reqs []string, in <-chan string) (res []int) {
	out := make(chan int)
	go func() {
		for r := range in {
			out <- do(ctx, r) // want "GAI103"
		}
	}()
	for _, r := range reqs {
		if r != "" {
			res = append(res, <-out)
		}
	}
	return res
}

// Results sized to the inputs, fed one job per input.
func apply(ctx context.Context, inputs []string) <-chan int {
	jobs := make(chan string, len(inputs))
	results := make(chan int, len(inputs))
	go func() {
		for j := range jobs {
			results <- do(ctx, j) // ok: GAI103 one result per input, the buffer holds them all
		}
	}()
	for _, x := range inputs {
		jobs <- x
	}
	close(jobs)
	return results
}

// Sized to the inputs, but the jobs channel is fed twice per input.
func applyTwice(ctx context.Context, inputs []string) <-chan int {
	jobs := make(chan string, 2*len(inputs))
	results := make(chan int, len(inputs))
	go func() {
		for j := range jobs {
			results <- do(ctx, j) // want "GAI103 .*`results`"
		}
	}()
	for _, x := range inputs {
		jobs <- x
		jobs <- x + "!"
	}
	close(jobs)
	return results
}

// Every send on errC is followed by return: one send at most, and the buffer holds it.
func singleSender(ctx context.Context, events <-chan string) error {
	errC := make(chan error, 1)
	go func() {
		for e := range events {
			if e == "" {
				errC <- errors.New("empty") // ok: GAI103 runs at most once, the buffer holds it
				return
			}
			if e == "bad" {
				errC <- errors.New("bad") // ok: GAI103 runs at most once
				return
			}
		}
	}()
	select {
	case err := <-errC:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A single send per run on an unbuffered channel is GAI102's question, not a stream.
func singleUnbuffered(ctx context.Context, lines <-chan string) <-chan error {
	errs := make(chan error)
	go func() {
		defer close(errs)
		for l := range lines {
			if l == "" {
				errs <- errors.New("empty") // ok: GAI103 a single sender, not a stream
				return
			}
		}
	}()
	return errs
}

// The loop stops on the context every iteration, and the channel is buffered.
func polling(ctx context.Context, tick <-chan struct{}, work func() error) <-chan error {
	errCh := make(chan error, 1024)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick:
				if err := work(); err != nil {
					errCh <- err // ok: GAI103 buffered, and the loop watches ctx every round
				}
			}
		}
	}()
	return errCh
}

// The same loop on an unbuffered channel blocks on the first send after the consumer left.
func pollingUnbuffered(ctx context.Context, tick <-chan struct{}, work func() error) <-chan error {
	errCh := make(chan error)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick:
				if err := work(); err != nil {
					errCh <- err // want "GAI103 .*`errCh`"
				}
			}
		}
	}()
	return errCh
}

// A buffered producer whose loop checks something that is not the context.
type response struct{ err error }

func (r response) Err() error { return r.err }

func notAContext(ctx context.Context, in <-chan response) <-chan int {
	out := make(chan int, 1)
	go func() {
		for r := range in {
			if r.Err() != nil {
				return
			}
			out <- 1 // want "GAI103"
		}
	}()
	return out
}

// The consumer's only way out of the range is a labelled break of an inner loop.
func innerBreak(ctx context.Context, revs []int64) {
	ch := make(chan int64)
	go func() {
		defer close(ch)
		for _, r := range revs {
			ch <- r // ok: GAI103 drained until close: `break inner` leaves only the inner loop
		}
	}()
	for r := range ch {
	inner:
		for i := 0; i < 3; i++ {
			if int64(i) == r {
				break inner
			}
		}
	}
}

// The error of strings.Builder.WriteString is always nil: that branch never sends.
func deadBranch(ctx context.Context, words []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		var sb strings.Builder
		for _, w := range words {
			if _, err := sb.WriteString(w); err != nil {
				out <- err.Error() // ok: GAI103 never runs
			}
			out <- sb.String() // want "GAI103"
		}
	}()
	return out
}
