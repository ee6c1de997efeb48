// Package proof holds GAI102 shapes that tests/test_goroutine_proof.py also runs: each
// function with a finding must leave a goroutine behind when called with the inputs of
// Cases, and each near miss must not.
package proof

import "errors"

var errFail = errors.New("fail")

func compute() int { return 42 }

func check(fail bool) error {
	if fail {
		return errFail
	}
	return nil
}

// EarlyReturn returns before receiving when the check fails.
func EarlyReturn(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*before its receive"
	}()
	if err := check(fail); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// ReceiveFirst receives before the check.
func ReceiveFirst(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // ok: GAI102 received on every path
	}()
	v := <-ch
	if err := check(fail); err != nil {
		return 0, err
	}
	return v, nil
}

// Buffered has room for the one send.
func Buffered(fail bool) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- compute() // ok: GAI102 capacity 1
	}()
	if err := check(fail); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// FirstWins takes the first of n results.
func FirstWins(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- compute() // want "GAI102 .*receives once"
		}()
	}
	return <-ch
}

// AllResults takes every result.
func AllResults(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- compute() // ok: GAI102 one receive per sender
		}()
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-ch
	}
	return total
}

// SizedFirstWins has a slot per sender.
func SizedFirstWins(xs []int) int {
	ch := make(chan int, len(xs))
	for range xs {
		go func() {
			ch <- compute() // ok: GAI102 a slot per sender
		}()
	}
	return <-ch
}

// DoubleSend sends the error and then nil.
func DoubleSend(fail bool) error {
	errc := make(chan error)
	go func() {
		if err := check(fail); err != nil {
			errc <- err
		}
		errc <- nil // want "GAI102 .*second time"
	}()
	return <-errc
}

// OneSendPerPath returns after the error.
func OneSendPerPath(fail bool) error {
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

// Case is one call of the package's functions and whether it leaves a goroutine behind.
type Case struct {
	Name  string
	Run   func()
	Leaks bool
}

// Cases drives every function down the path its annotation is about.
func Cases() []Case {
	return []Case{
		{"EarlyReturn", func() { _, _ = EarlyReturn(true) }, true},
		{"ReceiveFirst", func() { _, _ = ReceiveFirst(true) }, false},
		{"Buffered", func() { _, _ = Buffered(true) }, false},
		{"FirstWins", func() { _ = FirstWins(3) }, true},
		{"AllResults", func() { _ = AllResults(3) }, false},
		{"SizedFirstWins", func() { _ = SizedFirstWins([]int{1, 2, 3}) }, false},
		{"DoubleSend", func() { _ = DoubleSend(true) }, true},
		{"OneSendPerPath", func() { _ = OneSendPerPath(true) }, false},
	}
}
