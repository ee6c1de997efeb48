// Package excl holds goroutines that send on exactly one of two channels, both
// received by one select: whichever case wins, the goroutine's one send completes.
package excl

import (
	"context"
	"errors"
)

func fetch() (int, error) { return 0, nil }

func get() (int, error) {
	resCh, errCh := make(chan int), make(chan error)
	go func() {
		if v, err := fetch(); err != nil {
			errCh <- err // ok: GAI102 the other case wins only after this send
		} else {
			resCh <- v // ok: GAI102 the error case wins only when this send never happens
		}
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	}
}

func getEarlyReturn() (int, error) {
	resCh := make(chan int)
	errCh := make(chan error)
	go func() {
		v, err := fetch()
		if err != nil {
			errCh <- err // ok: GAI102 exclusive with the result send
			return
		}
		resCh <- v // ok: GAI102 exclusive with the error send
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	}
}

func getSwitch(kind int) (int, error) {
	small, large := make(chan int), make(chan int)
	go func() {
		switch kind {
		case 0:
			small <- 1 // ok: GAI102 one send per path
		default:
			large <- 2 // ok: GAI102 one send per path
		}
	}()
	select {
	case v := <-small:
		return v, nil
	case v := <-large:
		return v, nil
	}
}

func bothSends() (int, error) {
	resCh, errCh := make(chan int), make(chan error)
	go func() {
		errCh <- errors.New("warning") // ok: GAI102 the resCh case can win only after this send was received
		resCh <- 1                     // want "GAI102 .*errCh"
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err // the goroutine still has its result to send
	}
}

func exclusiveButTimeout(ctx context.Context) (int, error) {
	resCh, errCh := make(chan int), make(chan error)
	go func() {
		if v, err := fetch(); err != nil {
			errCh <- err // want "GAI102 .*ctx.Done"
		} else {
			resCh <- v // want "GAI102 .*ctx.Done"
		}
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
