// Package double holds GAI102 case (d): one goroutine can send twice on an unbuffered
// channel while the launching function receives once; the second send is stranded.
// Every function is run by tests/test_goroutine_proof.py through Cases (cases.go):
// each finding must leave its sender behind, and each near miss must not.
package double

import (
	"context"
	"errors"
	"fmt"
)

var errFail = errors.New("fail")

func check(fail bool) error {
	if fail {
		return errFail
	}
	return nil
}

func compute() int { return 42 }

// -- findings ---------------------------------------------------------------------

func missingReturn(fail bool) error {
	errc := make(chan error)
	go func() {
		if err := check(fail); err != nil {
			errc <- err
		}
		errc <- nil // want "GAI102 .*second time here after the send at line 30"
	}()
	return <-errc
}

func twoSteps(fail bool) error {
	errc := make(chan error)
	go func() {
		errc <- check(fail)
		errc <- check(false) // want "GAI102 .*second time here after the send at line \\d+"
	}()
	return <-errc
}

func progressThenResult() int {
	ch := make(chan int)
	go func() {
		ch <- 0
		ch <- compute() // want "GAI102 .*second time here"
	}()
	return <-ch
}

func twoIndependentIfs(a, b bool) int {
	ch := make(chan int)
	go func() {
		if a {
			ch <- 1
		}
		if b {
			ch <- 2 // want "GAI102 .*second time here"
		}
	}()
	return <-ch
}

func switchThenTail(mode int) error {
	errc := make(chan error)
	go func() {
		switch mode {
		case 1:
			errc <- errFail
		case 2:
			errc <- fmt.Errorf("mode %d", mode)
		}
		errc <- nil // want "GAI102 .*second time here"
	}()
	return <-errc
}

func nestedIfSend(fail, retry bool) error {
	errc := make(chan error)
	go func() {
		if err := check(fail); err != nil {
			if retry {
				err = check(fail)
			}
			errc <- err
		}
		errc <- nil // want "GAI102 .*second time here"
	}()
	return <-errc
}

type result struct {
	v   int
	err error
}

func resultStruct(fail bool) result {
	resc := make(chan result)
	go func() {
		err := check(fail)
		if err != nil {
			resc <- result{err: err}
		}
		resc <- result{v: compute()} // want "GAI102 .*second time here"
	}()
	return <-resc
}

func breakThenSend(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				ch <- x
				break
			}
		}
		ch <- 0 // want "GAI102 .*second time here"
	}()
	return <-ch
}

func labelledBreakThenSend(rows [][]int) error {
	errc := make(chan error)
	go func() {
	rows:
		for _, row := range rows {
			for _, x := range row {
				if x < 0 {
					errc <- errFail
					break rows
				}
			}
		}
		errc <- nil // want "GAI102 .*second time here"
	}()
	return <-errc
}

func ifElseThenTail(ok bool) int {
	ch := make(chan int)
	go func() {
		if ok {
			ch <- 1
		} else {
			ch <- 2
		}
		ch <- 3 // want "GAI102 .*second time here"
	}()
	return <-ch
}

func statusUpdates() string {
	status := make(chan string)
	go func() {
		status <- "started"
		_ = compute()
		status <- "done" // want "GAI102 .*second time here"
	}()
	return <-status
}

func deferCloseDoesNotHelp(fail bool) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		if err := check(fail); err != nil {
			errc <- err
		}
		errc <- nil // want "GAI102 .*second time here"
	}()
	return <-errc
}

func withContext(ctx context.Context) error {
	errc := make(chan error)
	go func() {
		if err := ctx.Err(); err != nil {
			errc <- err
		}
		errc <- check(false) // want "GAI102 .*second time here"
	}()
	return <-errc
}

type job struct{ fail bool }

func (j *job) run() error {
	done := make(chan error)
	go func() {
		if j.fail {
			done <- errFail
		}
		done <- nil // want "GAI102 .*second time here"
	}()
	return <-done
}

func paramChannel(fail bool) error {
	errc := make(chan error)
	go func(out chan<- error) {
		if fail {
			out <- errFail
		}
		out <- nil // want "GAI102 .*second time here"
	}(errc)
	return <-errc
}

func assignedReceive(fail bool) (err error) {
	errc := make(chan error)
	go func() {
		if e := check(fail); e != nil {
			errc <- e
		}
		errc <- nil // want "GAI102 .*second time here"
	}()
	err = <-errc
	return err
}

func gotoSecond(fail bool) error {
	errc := make(chan error)
	go func() {
		if fail {
			errc <- errFail
			goto report
		}
		_ = compute()
	report:
		errc <- nil // want "GAI102 .*second time here"
	}()
	return <-errc
}

func deferredSecond(fail bool) error {
	errc := make(chan error)
	go func() {
		defer func() {
			errc <- nil // want "GAI102 .*second time here, in a deferred call that runs after the send at line \\d+"
		}()
		if err := check(fail); err != nil {
			errc <- err
		}
	}()
	return <-errc
}

// -- near misses ------------------------------------------------------------------

func returnAfterFirst(fail bool) error {
	errc := make(chan error)
	go func() {
		if err := check(fail); err != nil {
			errc <- err // ok: GAI102 one send per path
			return
		}
		errc <- nil // ok: GAI102 one send per path
	}()
	return <-errc
}

func elseSends(fail bool) error {
	errc := make(chan error)
	go func() {
		if err := check(fail); err != nil {
			errc <- err // ok: GAI102 the branches exclude each other
		} else {
			errc <- nil // ok: GAI102 the branches exclude each other
		}
	}()
	return <-errc
}

func bothReceived(fail bool) (error, error) {
	errc := make(chan error)
	go func() {
		errc <- check(fail)  // ok: GAI102 two receives
		errc <- check(false) // ok: GAI102 two receives
	}()
	return <-errc, <-errc
}

func guardedSecond(ctx context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error)
	go func() {
		errc <- check(fail) // ok: GAI102 received
		select {
		case errc <- nil: // ok: GAI102 a select with ctx.Done, cancelled when the function returns
		case <-ctx.Done():
		}
	}()
	return <-errc
}

func switchOnePerCase(mode int) int {
	ch := make(chan int)
	go func() {
		switch mode {
		case 1:
			ch <- 1 // ok: GAI102 one send per case
		case 2:
			ch <- 2 // ok: GAI102 one send per case
		default:
			ch <- 0 // ok: GAI102 one send per case
		}
	}()
	return <-ch
}

func returnInLoop(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x < 0 {
				ch <- x // ok: GAI102 the goroutine returns after this send
				return
			}
		}
		ch <- 0 // ok: GAI102 reached only when the loop sent nothing
	}()
	return <-ch
}

func rangedUntilClosed(fail bool) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		if fail {
			ch <- -1 // ok: GAI102 the function ranges until close
		}
		ch <- compute() // ok: GAI102 the function ranges until close
	}()
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

func twoChannels(fail bool) (int, error) {
	errc := make(chan error)
	resc := make(chan int)
	go func() {
		errc <- check(fail) // ok: GAI102 received first
		resc <- compute()   // ok: GAI102 a different channel, received second
	}()
	err := <-errc
	return <-resc, err
}

func capacityTwo(fail bool) error {
	errc := make(chan error, 2)
	go func() {
		if err := check(fail); err != nil {
			errc <- err // ok: GAI102 capacity 2 holds both sends
		}
		errc <- nil // ok: GAI102 capacity 2 holds both sends
	}()
	return <-errc
}

func secondWithDefault(fail bool) error {
	errc := make(chan error)
	go func() {
		errc <- check(fail) // ok: GAI102 received
		select {
		case errc <- nil: // ok: GAI102 the second send has a default case
		default:
		}
	}()
	return <-errc
}

func tupleReceive() (int, int) {
	ch := make(chan int)
	go func() {
		ch <- 1 // ok: GAI102 two receives in one statement
		ch <- 2 // ok: GAI102 two receives in one statement
	}()
	a, b := <-ch, <-ch
	return a, b
}

func gotoSkips(fail bool) error {
	errc := make(chan error)
	go func() {
		if fail {
			errc <- errFail // ok: GAI102 the goto skips the second send
			goto out
		}
		errc <- nil // ok: GAI102 reached only without the first send
	out:
	}()
	return <-errc
}

func elseIfChain(n int) string {
	ch := make(chan string)
	go func() {
		if n < 0 {
			ch <- "negative" // ok: GAI102 one send per branch
		} else if n == 0 {
			ch <- "zero" // ok: GAI102 one send per branch
		} else {
			ch <- "positive" // ok: GAI102 one send per branch
		}
	}()
	return <-ch
}

func receiveLoopTwice(fail bool) int {
	ch := make(chan int)
	go func() {
		if fail {
			ch <- -1 // ok: GAI102 the receive loop runs twice
		}
		ch <- 1 // ok: GAI102 the receive loop runs twice
	}()
	n := 0
	for i := 0; i < 2; i++ {
		n += <-ch
	}
	return n
}

func recoverOnly(fail bool) (err error) {
	errc := make(chan error)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r) // ok: GAI102 sent only when the send below never ran
			}
		}()
		errc <- check(fail) // ok: GAI102 one send unless the check panics
	}()
	return <-errc
}

func deferredOnly(fail bool) {
	errc := make(chan error)
	go func() {
		var err error
		defer func() { errc <- err }() // ok: GAI102 the only send, deferred
		err = check(fail)
	}()
	<-errc
}

func continueSkips(xs []int) int {
	ch := make(chan int)
	go func() {
		found := false
		for _, x := range xs {
			if x < 0 && !found {
				found = true
				continue
			}
		}
		if found {
			ch <- 1 // ok: GAI102 exclusive with the send below
			return
		}
		ch <- 0 // ok: GAI102 exclusive with the send above
	}()
	return <-ch
}

func deferredSignalOtherChannel(fail bool) (int, error) {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		defer func() {
			done <- struct{}{} // ok: GAI102 a different channel, received after the error
		}()
		errc <- check(fail) // ok: GAI102 received first
	}()
	err := <-errc
	<-done
	return 0, err
}
