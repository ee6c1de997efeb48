// Package waiters holds goroutines that wait once on a channel their launcher may
// never send on or close (GAI104 b), and near misses that always get their signal.
// tests/test_goroutine_proof.py runs every function through Cases.
package waiters

import (
	"context"
	"errors"
	"sync"
	"time"
)

var (
	errFail  = errors.New("fail")
	errEmpty = errors.New("empty")
)

func work() {}

func use(int) {}

func check(fail bool) error {
	if fail {
		return errFail
	}
	return nil
}

// ReadyEarlyReturn starts the worker only after a check that may fail.
func ReadyEarlyReturn(fail bool) error {
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on `start`.*`ReadyEarlyReturn` returns at line 37"
		<-start
		work()
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// NeverSignalled forgets the signal altogether.
func NeverSignalled() {
	done := make(chan bool)
	go func() { // want "GAI104 .*waits on .*nothing sends on or closes `done`"
		v := <-done
		_ = v
	}()
	work()
}

// SelectTwo waits for either of two signals; both are skipped on failure.
func SelectTwo(fail bool) error {
	a := make(chan int)
	b := make(chan int)
	go func() { // want "GAI104 .*waits on `a` or `b`"
		select {
		case v := <-a:
			use(v)
		case v := <-b:
			use(v)
		}
	}()
	if err := check(fail); err != nil {
		return err
	}
	a <- 1
	return nil
}

// NestedIf returns from deep inside.
func NestedIf(x, y bool) error {
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on .*`NestedIf` returns at line 80"
		<-start
	}()
	if x {
		if y {
			return errFail
		}
	}
	close(start)
	return nil
}

// SwitchSkips signals only in one mode.
func SwitchSkips(mode int) {
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on .*`SwitchSkips` ends at line 99.*only on other paths \\(line 95\\)"
		<-start
	}()
	switch mode {
	case 1:
		close(start)
	case 2:
		work()
	}
}

// ValueAfterCheck hands over a value only when the check passes.
func ValueAfterCheck(fail bool) error {
	in := make(chan int)
	go func() { // want "GAI104 .*waits on `in`"
		v := <-in
		use(v)
	}()
	if err := check(fail); err != nil {
		return err
	}
	in <- 42
	return nil
}

// Labeled breaks out of nested loops, then returns early.
func Labeled(xs []int) error {
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on .*`Labeled` returns at line 130"
		<-start
	}()
outer:
	for _, x := range xs {
		for _, y := range xs {
			if x+y < 0 {
				break outer
			}
		}
	}
	if len(xs) == 0 {
		return errEmpty
	}
	close(start)
	return nil
}

// Param waits on the channel under a parameter's name.
func Param(fail bool) error {
	start := make(chan struct{})
	go func(c chan struct{}) { // want "GAI104 .*waits on `start`"
		<-c
	}(start)
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// CommaOk checks whether the channel was closed.
func CommaOk(fail bool) error {
	quit := make(chan struct{})
	go func() { // want "GAI104 .*waits on `quit`"
		_, ok := <-quit
		_ = ok
	}()
	if fail {
		return errFail
	}
	close(quit)
	return nil
}

// Buffered has room for the value, but the value is never sent on failure.
func Buffered(fail bool) error {
	res := make(chan int, 1)
	go func() { // want "GAI104 .*waits on `res`"
		use(<-res)
	}()
	if fail {
		return errFail
	}
	res <- 1
	return nil
}

// ElseSends sends only in the else branch.
func ElseSends(fail bool) error {
	ch := make(chan int)
	go func() { // want "GAI104 .*waits on `ch`"
		<-ch
	}()
	if fail {
		return errFail
	} else {
		ch <- 1
	}
	return nil
}

// Server is a value whose method launches a waiter.
type Server struct{ n int }

// Run is a method with the same early return.
func (s *Server) Run(fail bool) error {
	ready := make(chan struct{})
	go func() { // want "GAI104 .*waits on .*`Server.Run` returns at line 201"
		<-ready
		s.n++
	}()
	if fail {
		return errFail
	}
	close(ready)
	return nil
}

// CancelledContext cancels a context on every path, but the goroutine does not watch it.
func CancelledContext(fail bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on `start`"
		<-start
		_ = ctx
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// Many launches several waiters on one signal, then returns early.
func Many(n int, fail bool) error {
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() { // want "GAI104 .*waits on .*`Many` returns at line 232"
			<-start
		}()
	}
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// ErrorFromHelper returns the helper's error before sending.
func ErrorFromHelper(fail bool) (err error) {
	results := make(chan error)
	go func() { // want "GAI104 .*waits on `results`"
		err := <-results
		_ = err
	}()
	if err = check(fail); err != nil {
		return err
	}
	results <- nil
	return nil
}

// LateReturn signals, but only after a second check.
func LateReturn(a, b bool) error {
	start := make(chan struct{})
	go func() { // want "GAI104 .*waits on .*`LateReturn` returns at line 263"
		<-start
	}()
	if err := check(a); err != nil {
		close(start)
		return err
	}
	if err := check(b); err != nil {
		return err
	}
	close(start)
	return nil
}

// --- near misses ---------------------------------------------------------------------

// DeferClose closes on every path.
func DeferClose(fail bool) error {
	start := make(chan struct{})
	defer close(start)
	go func() {
		<-start // ok: GAI104 deferred close
	}()
	if fail {
		return errFail
	}
	return nil
}

// ClosedEverywhere closes before each exit.
func ClosedEverywhere(fail bool) error {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 closed on every path
	}()
	if fail {
		close(start)
		return errFail
	}
	close(start)
	return nil
}

// NoEarlyExit always reaches the close.
func NoEarlyExit() {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 one path, it closes
	}()
	work()
	close(start)
}

// Correlated launches and signals under the same condition.
func Correlated(wait bool) {
	ready := make(chan struct{})
	if wait {
		go func() {
			<-ready // ok: GAI104 launched and closed under the same condition
		}()
	}
	work()
	if wait {
		close(ready)
	}
}

// WatchesContext also gives up when the context ends, and F cancels it.
func WatchesContext(fail bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := make(chan struct{})
	go func() {
		select {
		case <-start: // ok: GAI104 the select also watches ctx.Done()
		case <-ctx.Done():
		}
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// TimesOut gives up after a moment. (Cases runs the path that closes: a goroutine parked
// on a timer looks parked forever until the timer fires, and the harness waits on events.)
func TimesOut(fail bool) error {
	start := make(chan struct{})
	go func() {
		select {
		case <-start: // ok: GAI104 the select gives up on a timer
		case <-time.After(time.Millisecond):
		}
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// Polls never blocks.
func Polls(fail bool) error {
	start := make(chan struct{})
	go func() {
		select {
		case <-start: // ok: GAI104 default: the goroutine never waits
		default:
		}
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// Returned hands the channel to the caller, who closes it.
func Returned() chan struct{} {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 the caller gets the channel
	}()
	return start
}

func signal(c chan struct{}) { close(c) }

// PassedOn lets a helper close it.
func PassedOn(fail bool) error {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 handed to signal
	}()
	signal(start)
	if fail {
		return errFail
	}
	return nil
}

// Holder keeps a signal for later.
type Holder struct{ ready chan struct{} }

// Stored keeps the channel in a struct whose owner closes it.
func Stored(h *Holder) {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 stored in h.ready
	}()
	h.ready = start
}

// SignalledInLoop closes in the first iteration of a loop that always runs.
func SignalledInLoop() {
	started := make(chan struct{})
	go func() {
		<-started // ok: GAI104 closed from the loop (paths cannot count iterations)
	}()
	for i := 0; i < 10; i++ {
		if i == 0 {
			close(started)
		}
	}
}

// SentBefore fills the buffer before launching.
func SentBefore(fail bool) error {
	ch := make(chan int, 1)
	ch <- 1
	go func() {
		use(<-ch) // ok: GAI104 the value is already buffered
	}()
	if fail {
		return errFail
	}
	return nil
}

// Conditional waits only in one mode.
func Conditional(wait, fail bool) error {
	start := make(chan struct{})
	go func() {
		if wait {
			<-start // ok: GAI104 the wait is conditional
		}
	}()
	if fail {
		return errFail
	}
	close(start)
	return nil
}

// DeferredClosure closes in a deferred function literal.
func DeferredClosure(fail bool) error {
	start := make(chan struct{})
	defer func() {
		close(start)
	}()
	go func() {
		<-start // ok: GAI104 closed by the deferred closure
	}()
	if fail {
		return errFail
	}
	return nil
}

// OnceClose closes through sync.Once.
func OnceClose(fail bool) error {
	var once sync.Once
	start := make(chan struct{})
	stop := func() { once.Do(func() { close(start) }) }
	defer stop()
	go func() {
		<-start // ok: GAI104 closed by a closure on every path
	}()
	if fail {
		return errFail
	}
	stop()
	return nil
}

// OtherGoroutineCloses has a second goroutine signal the first.
func OtherGoroutineCloses() {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 another goroutine closes it
	}()
	go func() {
		close(start)
	}()
}

// CheckBeforeLaunch returns before the goroutine exists.
func CheckBeforeLaunch(fail bool) error {
	start := make(chan struct{})
	if fail {
		return errFail
	}
	go func() {
		<-start // ok: GAI104 the early return precedes the go
	}()
	close(start)
	return nil
}

// LaunchedInBranch closes in the same branch that launched.
func LaunchedInBranch(fail bool) error {
	if !fail {
		start := make(chan struct{})
		go func() {
			<-start // ok: GAI104 closed in the same block
		}()
		close(start)
	}
	if fail {
		return errFail
	}
	return nil
}

// EveryCase signals in each switch case.
func EveryCase(mode int) {
	start := make(chan struct{})
	go func() {
		<-start // ok: GAI104 every case closes
	}()
	switch mode {
	case 1:
		close(start)
	default:
		start <- struct{}{}
	}
}

// Awaited waits for the goroutine after signalling it.
func Awaited(fail bool) error {
	var wg sync.WaitGroup
	start := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start // ok: GAI104 closed, then awaited
	}()
	close(start)
	wg.Wait()
	if fail {
		return errFail
	}
	return nil
}

// Worker loops until told to stop, and is told on every path.
func Worker(fail bool) error {
	stop := make(chan struct{})
	defer close(stop)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	go func() {
		for {
			select {
			case <-stop: // ok: GAI104 closed by defer
				return
			case <-tick.C:
			}
		}
	}()
	if fail {
		return errFail
	}
	return nil
}

// Semaphore takes a token before each launch; each goroutine gives one back.
func Semaphore(items []int) {
	sem := make(chan struct{}, 2)
	done := make(chan struct{}, len(items))
	for _, it := range items {
		sem <- struct{}{}
		go func(v int) {
			use(v)
			done <- struct{}{}
			<-sem // ok: GAI104 the token was sent before the go
		}(it)
	}
	for range items {
		<-done
	}
}

// SelectSignal signals through one case of a select.
func SelectSignal() {
	c := make(chan bool)
	c2 := make(chan bool)
	go func() {
		<-c // ok: GAI104 the send is a case of a select
	}()
	select {
	case c <- true:
	case c2 <- true:
	}
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
		{"ReadyEarlyReturn", func() { _ = ReadyEarlyReturn(true) }, true},
		{"NeverSignalled", NeverSignalled, true},
		{"SelectTwo", func() { _ = SelectTwo(true) }, true},
		{"NestedIf", func() { _ = NestedIf(true, true) }, true},
		{"SwitchSkips", func() { SwitchSkips(2) }, true},
		{"ValueAfterCheck", func() { _ = ValueAfterCheck(true) }, true},
		{"Labeled", func() { _ = Labeled(nil) }, true},
		{"Param", func() { _ = Param(true) }, true},
		{"CommaOk", func() { _ = CommaOk(true) }, true},
		{"Buffered", func() { _ = Buffered(true) }, true},
		{"ElseSends", func() { _ = ElseSends(true) }, true},
		{"Run", func() { _ = (&Server{}).Run(true) }, true},
		{"CancelledContext", func() { _ = CancelledContext(true) }, true},
		{"Many", func() { _ = Many(3, true) }, true},
		{"ErrorFromHelper", func() { _ = ErrorFromHelper(true) }, true},
		{"LateReturn", func() { _ = LateReturn(false, true) }, true},
		{"DeferClose", func() { _ = DeferClose(true) }, false},
		{"ClosedEverywhere", func() { _ = ClosedEverywhere(true) }, false},
		{"NoEarlyExit", NoEarlyExit, false},
		{"Correlated", func() { Correlated(true) }, false},
		{"WatchesContext", func() { _ = WatchesContext(true) }, false},
		{"TimesOut", func() { _ = TimesOut(false) }, false},
		{"Polls", func() { _ = Polls(true) }, false},
		{"Returned", func() { close(Returned()) }, false},
		{"PassedOn", func() { _ = PassedOn(true) }, false},
		{"Stored", func() { h := &Holder{}; Stored(h); close(h.ready) }, false},
		{"SignalledInLoop", SignalledInLoop, false},
		{"SentBefore", func() { _ = SentBefore(true) }, false},
		{"Conditional", func() { _ = Conditional(false, true) }, false},
		{"DeferredClosure", func() { _ = DeferredClosure(true) }, false},
		{"OnceClose", func() { _ = OnceClose(true) }, false},
		{"OtherGoroutineCloses", OtherGoroutineCloses, false},
		{"CheckBeforeLaunch", func() { _ = CheckBeforeLaunch(true) }, false},
		{"LaunchedInBranch", func() { _ = LaunchedInBranch(true) }, false},
		{"EveryCase", func() { EveryCase(2) }, false},
		{"Awaited", func() { _ = Awaited(true) }, false},
		{"Worker", func() { _ = Worker(true) }, false},
		{"Semaphore", func() { Semaphore([]int{1, 2, 3}) }, false},
		{"SelectSignal", SelectSignal, false},
	}
}
