// Package proof holds GAI104 shapes that tests/test_goroutine_proof.py also runs: each
// function with a finding must leave its workers behind when called with the inputs of
// Cases, and each near miss must not.
package proof

import "errors"

var errInvalid = errors.New("invalid")

func handle(int) {}

// EarlyReturn stops feeding on an invalid item without closing.
func EarlyReturn(items []int) error {
	jobs := make(chan int)
	for i := 0; i < 2; i++ {
		go func() { // want "GAI104 .*returns"
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// DeferClose closes on every path.
func DeferClose(items []int) error {
	jobs := make(chan int)
	defer close(jobs)
	for i := 0; i < 2; i++ {
		go func() { // ok: GAI104 defer close
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	return nil
}

// NeverClosed forgets the close.
func NeverClosed(items []int) {
	jobs := make(chan int, len(items))
	go func() { // want "GAI104"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}

// ClosedOnEveryPath closes before each return.
func ClosedOnEveryPath(items []int) error {
	jobs := make(chan int)
	go func() { // ok: GAI104 closed on each path
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			close(jobs)
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
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
		{"EarlyReturn", func() { _ = EarlyReturn([]int{1, -1, 2}) }, true},
		{"DeferClose", func() { _ = DeferClose([]int{1, -1, 2}) }, false},
		{"NeverClosed", func() { NeverClosed([]int{1, 2}) }, true},
		{"ClosedOnEveryPath", func() { _ = ClosedOnEveryPath([]int{1, -1, 2}) }, false},
	}
}
