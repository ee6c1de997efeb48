// Package workers holds worker goroutines ranging over a channel their launcher may
// return without closing (GAI104 a), and near misses that close it on every path.
// tests/test_goroutine_proof.py runs every function through Cases.
package workers

import (
	"context"
	"errors"
	"sync"
)

var errInvalid = errors.New("invalid")

func handle(int) {}

func validate(it int) error {
	if it < 0 {
		return errInvalid
	}
	return nil
}

// EarlyReturn stops feeding on an invalid item without closing.
func EarlyReturn(items []int) error {
	jobs := make(chan int)
	for i := 0; i < 2; i++ {
		go func() { // want "GAI104 .*ranges over `jobs`.*`EarlyReturn` returns"
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
	go func() { // want "GAI104 .*ranges over `jobs`.*`NeverClosed` ends"
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

// Nested returns from inside two conditions.
func Nested(items []int, strict bool) error {
	jobs := make(chan int)
	go func() { // want "GAI104 .*ranges over.*`Nested` returns at line 106"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if strict {
			if it < 0 {
				return errInvalid
			}
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// SwitchMode closes only in one mode.
func SwitchMode(items []int, mode int) {
	jobs := make(chan int, len(items))
	go func() { // want "GAI104 .*ranges over.*`SwitchMode` ends at line 132.*only on other paths"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	switch mode {
	case 1:
		close(jobs)
	case 2:
		handle(0)
	}
}

// Results gathers results but returns on the first error.
func Results(items []int) ([]int, error) {
	jobs := make(chan int)
	results := make(chan int, len(items))
	for i := 0; i < 3; i++ {
		go func() { // want "GAI104 .*ranges over `jobs`"
			for it := range jobs {
				results <- it * 2
			}
		}()
	}
	out := []int{}
	for _, it := range items {
		if err := validate(it); err != nil {
			return nil, err
		}
		jobs <- it
		out = append(out, <-results)
	}
	close(jobs)
	return out, nil
}

// Labeled breaks out of nested loops, then returns before closing.
func Labeled(batches [][]int) error {
	jobs := make(chan int)
	go func() { // want "GAI104 .*ranges over.*`Labeled` returns at line 177"
		for it := range jobs {
			handle(it)
		}
	}()
	failed := false
outer:
	for _, b := range batches {
		for _, it := range b {
			if it < 0 {
				failed = true
				break outer
			}
			jobs <- it
		}
	}
	if failed {
		return errInvalid
	}
	close(jobs)
	return nil
}

// Feeder feeds its workers from a method.
type Feeder struct{ n int }

// Feed returns early from a method.
func (f *Feeder) Feed(items []int) error {
	jobs := make(chan int)
	for i := 0; i < f.n; i++ {
		go func() { // want "GAI104 .*ranges over.*`Feeder.Feed` returns at line 198"
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

// Param ranges under a parameter's name.
func Param(items []int) error {
	jobs := make(chan int)
	go func(in <-chan int) { // want "GAI104 .*ranges over `jobs`"
		for it := range in {
			handle(it)
		}
	}(jobs)
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// ElseCloses closes only in the else branch.
func ElseCloses(items []int, ok bool) error {
	jobs := make(chan int, len(items))
	go func() { // want "GAI104 .*ranges over.*`ElseCloses` returns at line 236"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	if !ok {
		return errInvalid
	} else {
		close(jobs)
	}
	return nil
}

// TwoChecks closes after the first check but not after the second.
func TwoChecks(items []int, a, b bool) error {
	jobs := make(chan int, len(items))
	go func() { // want "GAI104 .*ranges over.*`TwoChecks` returns at line 256"
		for it := range jobs {
			handle(it)
		}
	}()
	if a {
		close(jobs)
		return errInvalid
	}
	if b {
		return errInvalid
	}
	close(jobs)
	return nil
}

// Cancelled cancels its context, which the workers do not watch.
func Cancelled(items []int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := make(chan int)
	go func() { // want "GAI104 .*ranges over.*`Cancelled` returns at line 274"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 || ctx.Err() != nil {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// Counted launches n workers and forgets the close.
func Counted(items []int, n int) {
	jobs := make(chan int, len(items))
	for i := 0; i < n; i++ {
		go func(id int) { // want "GAI104 .*ranges over.*`Counted` ends at line 295"
			for it := range jobs {
				handle(it + id)
			}
		}(i)
	}
	for _, it := range items {
		jobs <- it
	}
}

// Index ranges with an index-free clause over a buffered channel.
func Index(items []int) error {
	jobs := make(chan int, len(items))
	go func() { // want "GAI104 .*ranges over `jobs`"
		for range jobs {
			handle(0)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// ClosureWorker ranges inside a nested closure call.
func ClosureWorker(items []int) error {
	jobs := make(chan int)
	go func() { // want "GAI104 .*ranges over `jobs`"
		for it := range jobs {
			func() { handle(it) }()
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// Empty returns before feeding anything when there is nothing to do.
func Empty(items []int) error {
	jobs := make(chan int)
	go func() { // want "GAI104 .*ranges over.*`Empty` returns at line 342"
		for it := range jobs {
			handle(it)
		}
	}()
	if len(items) == 0 {
		return nil
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	return nil
}

// --- near misses ---------------------------------------------------------------------

// Returned hands the channel to the caller, who closes it.
func Returned() chan<- int {
	jobs := make(chan int)
	go func() { // ok: GAI104 the caller gets the channel
		for it := range jobs {
			handle(it)
		}
	}()
	return jobs
}

func closeIt(c chan int) { close(c) }

// PassedOn lets a helper close it.
func PassedOn(items []int) error {
	jobs := make(chan int)
	go func() { // ok: GAI104 handed to closeIt
		for it := range jobs {
			handle(it)
		}
	}()
	defer closeIt(jobs)
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	return nil
}

// Queue keeps its jobs channel.
type Queue struct{ jobs chan int }

// Stored keeps the channel in a struct whose owner closes it.
func Stored(q *Queue) {
	jobs := make(chan int)
	go func() { // ok: GAI104 stored in q.jobs
		for it := range jobs {
			handle(it)
		}
	}()
	q.jobs = jobs
}

// Awaited closes, then waits for the workers.
func Awaited(items []int) {
	var wg sync.WaitGroup
	jobs := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { // ok: GAI104 closed, then awaited
			defer wg.Done()
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

// DeferredClosure closes in a deferred literal.
func DeferredClosure(items []int) error {
	jobs := make(chan int)
	defer func() {
		close(jobs)
	}()
	go func() { // ok: GAI104 closed by the deferred closure
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	return nil
}

// EveryCase closes in each case of a switch with a default.
func EveryCase(items []int, mode int) {
	jobs := make(chan int, len(items))
	go func() { // ok: GAI104 every case closes
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	switch mode {
	case 1:
		close(jobs)
	default:
		close(jobs)
	}
}

// Producer closes from the goroutine that feeds it.
func Producer(items []int) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, it := range items {
			jobs <- it
		}
	}()
	done := make(chan struct{})
	go func() { // ok: GAI104 the producer goroutine closes it
		defer close(done)
		for it := range jobs {
			handle(it)
		}
	}()
	<-done
}

// CheckFirst returns before launching anything.
func CheckFirst(items []int) error {
	if len(items) > 0 && items[0] < 0 {
		return errInvalid
	}
	jobs := make(chan int)
	go func() { // ok: GAI104 the early return precedes the go
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	return nil
}

// OnceClose closes through sync.Once on every path.
func OnceClose(items []int) error {
	var once sync.Once
	jobs := make(chan int)
	stop := func() { once.Do(func() { close(jobs) }) }
	defer stop()
	go func() { // ok: GAI104 closed by a closure on every path
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errInvalid
		}
		jobs <- it
	}
	stop()
	return nil
}

// Straight feeds and closes with no early exit.
func Straight(items []int) {
	jobs := make(chan int)
	go func() { // ok: GAI104 one path, it closes
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}

// BreakThenClose breaks out of the feed loop and still closes.
func BreakThenClose(items []int) {
	jobs := make(chan int)
	go func() { // ok: GAI104 break leaves the loop, the close follows
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			break
		}
		jobs <- it
	}
	close(jobs)
}

// ContinueThenClose skips items and still closes.
func ContinueThenClose(items []int) {
	jobs := make(chan int)
	go func() { // ok: GAI104 continue stays in the loop, the close follows
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			continue
		}
		jobs <- it
	}
	close(jobs)
}

// ConsumerToo receives from the channel in F as well.
func ConsumerToo(items []int) int {
	jobs := make(chan int, len(items))
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	go func() { // ok: GAI104 closed before the worker starts
		for it := range jobs {
			handle(it)
		}
	}()
	return len(items)
}

// ErrorClosed closes before returning the validation error.
func ErrorClosed(items []int) error {
	jobs := make(chan int)
	go func() { // ok: GAI104 closed before the error return
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			close(jobs)
			return err
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

// MethodDefer closes with defer in a method.
func (f *Feeder) MethodDefer(items []int) error {
	jobs := make(chan int)
	defer close(jobs)
	for i := 0; i < f.n; i++ {
		go func() { // ok: GAI104 defer close in a method
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

// SelectFeed feeds with a select and closes on every path.
func SelectFeed(ctx context.Context, items []int) error {
	jobs := make(chan int)
	defer close(jobs)
	go func() { // ok: GAI104 defer close with a select feed
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		select {
		case jobs <- it:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Drained closes after the workers drained a buffered channel filled up front.
func Drained(items []int) {
	jobs := make(chan int, len(items))
	for _, it := range items {
		jobs <- it
	}
	go func() { // ok: GAI104 filled, then closed on the only path
		for it := range jobs {
			handle(it)
		}
	}()
	close(jobs)
}

// GotoClose jumps to the close on the error path.
func GotoClose(items []int) (err error) {
	jobs := make(chan int)
	go func() { // ok: GAI104 the goto lands on the close
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if it < 0 {
			err = errInvalid
			goto done
		}
		jobs <- it
	}
done:
	close(jobs)
	return err
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
		{"Nested", func() { _ = Nested([]int{1, -1}, true) }, true},
		{"SwitchMode", func() { SwitchMode([]int{1}, 2) }, true},
		{"Results", func() { _, _ = Results([]int{1, -1}) }, true},
		{"Labeled", func() { _ = Labeled([][]int{{1}, {-1}}) }, true},
		{"Feed", func() { _ = (&Feeder{n: 2}).Feed([]int{1, -1}) }, true},
		{"Param", func() { _ = Param([]int{-1}) }, true},
		{"ElseCloses", func() { _ = ElseCloses([]int{1}, false) }, true},
		{"TwoChecks", func() { _ = TwoChecks(nil, false, true) }, true},
		{"Cancelled", func() { _ = Cancelled([]int{-1}) }, true},
		{"Counted", func() { Counted([]int{1, 2}, 2) }, true},
		{"Index", func() { _ = Index([]int{-1}) }, true},
		{"ClosureWorker", func() { _ = ClosureWorker([]int{-1}) }, true},
		{"Empty", func() { _ = Empty(nil) }, true},
		{"Returned", func() { close(Returned()) }, false},
		{"PassedOn", func() { _ = PassedOn([]int{-1}) }, false},
		{"Stored", func() { q := &Queue{}; Stored(q); close(q.jobs) }, false},
		{"Awaited", func() { Awaited([]int{1, 2}) }, false},
		{"DeferredClosure", func() { _ = DeferredClosure([]int{-1}) }, false},
		{"EveryCase", func() { EveryCase([]int{1}, 2) }, false},
		{"Producer", func() { Producer([]int{1, 2}) }, false},
		{"CheckFirst", func() { _ = CheckFirst([]int{1}) }, false},
		{"OnceClose", func() { _ = OnceClose([]int{-1}) }, false},
		{"Straight", func() { Straight([]int{1}) }, false},
		{"BreakThenClose", func() { BreakThenClose([]int{1, -1}) }, false},
		{"ContinueThenClose", func() { ContinueThenClose([]int{-1, 1}) }, false},
		{"ConsumerToo", func() { _ = ConsumerToo([]int{1}) }, false},
		{"ErrorClosed", func() { _ = ErrorClosed([]int{-1}) }, false},
		{"MethodDefer", func() { _ = (&Feeder{n: 2}).MethodDefer([]int{-1}) }, false},
		{"Drained", func() { Drained([]int{1, 2}) }, false},
		{"GotoClose", func() { _ = GotoClose([]int{1, -1}) }, false},
		{"SelectFeed", func() {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_ = SelectFeed(ctx, []int{1})
		}, false},
	}
}
