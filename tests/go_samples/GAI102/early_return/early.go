// Package early holds GAI102 case (b): a goroutine sends on an unbuffered channel and
// the launching function can return before it receives. Every function is run by
// tests/test_goroutine_proof.py through Cases (cases.go): each finding must leave its
// sender behind, and each near miss must not.
package early

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

var (
	errFail  = errors.New("fail")
	errEmpty = errors.New("empty")
)

func work() int { return 42 }

func check(fail bool) error {
	if fail {
		return errFail
	}
	return nil
}

func workCtx(ctx context.Context) int {
	if ctx.Err() != nil {
		return 0
	}
	return 1
}

// -- findings ---------------------------------------------------------------------

func earlyReturn(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*`earlyReturn` returns at line 43 before its receive at line 45"
	}()
	if err := check(fail); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func nestedIf(a, b bool) int {
	done := make(chan int)
	go func() {
		done <- work() // want "GAI102 .*returns at line \\d+ before its receive"
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
		res <- check(false) // want "GAI102 .*ends at line \\d+ before its receive"
	}()
	if ok {
		_ = <-res
	}
}

func elseReturns(ok bool) int {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	v := 0
	if ok {
		v = <-ch
	} else {
		return -1
	}
	return v
}

func validateInLoop(xs []int) (int, error) {
	sum := make(chan int)
	go func() {
		sum <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	for _, x := range xs {
		if x < 0 {
			return 0, errFail
		}
	}
	return <-sum, nil
}

func switchGuard(s string) (int, error) {
	res := make(chan int)
	go func(s string) {
		res <- len(s) // want "GAI102 .*returns at line \\d+ before its receive"
	}(s)
	switch {
	case s == "":
		return 0, errEmpty
	case len(s) > 64:
		return 0, errFail
	}
	return <-res, nil
}

func parseFirst(s string) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	return n + <-ch, nil
}

func deferCancel(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	out := make(chan int)
	go func() {
		out <- workCtx(ctx) // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if err := check(fail); err != nil {
		return err
	}
	<-out
	return nil
}

func contextErr(ctx context.Context) error {
	out := make(chan int)
	go func() {
		out <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	<-out
	return nil
}

func gotoOut(fail bool) (v int) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if fail {
		goto out
	}
	v = <-ch
out:
	return v
}

type loader struct{ name string }

func (l *loader) load(fail bool) (string, error) {
	names := make(chan string)
	go func() {
		names <- l.name // want "GAI102 .*`loader.load` returns at line \\d+ before its receive"
	}()
	if err := check(fail); err != nil {
		return "", err
	}
	return <-names, nil
}

func typeSwitch(x interface{}) int {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	switch v := x.(type) {
	case string:
		return len(v)
	case int:
		return v + <-ch
	}
	return <-ch
}

func errorFirst(fail bool) (int, error) {
	errc := make(chan error)
	resc := make(chan int)
	go func() {
		errc <- check(fail) // ok: GAI102 received first on every path
	}()
	go func() {
		resc <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if err := <-errc; err != nil {
		return 0, err
	}
	return <-resc, nil
}

func retryLoop(attempts int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	for i := 0; i < attempts; i++ {
		if err := check(i == 0); err != nil {
			return 0, err
		}
	}
	return <-ch, nil
}

func emptyInput(items []string) []string {
	ch := make(chan []string)
	go func() {
		ch <- append([]string(nil), items...) // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if len(items) == 0 {
		return nil
	}
	return <-ch
}

func deferCloseOther(fail bool) error {
	quit := make(chan struct{})
	defer close(quit)
	res := make(chan error)
	go func() {
		res <- check(false) // want "GAI102 .*returns at line \\d+ before its receive"
	}()
	if fail {
		return errFail
	}
	return <-res
}

func fallsOffSwitch(mode int) {
	ch := make(chan int)
	go func() {
		ch <- work() // want "GAI102 .*ends at line \\d+ before its receive"
	}()
	switch mode {
	case 1:
		<-ch
	case 2:
		_ = <-ch + 1
	}
}

func differentCondition(need, cached bool) int {
	ch := make(chan int)
	go func() {
		if need {
			ch <- work() // want "GAI102 .*returns at line \\d+ before its receive"
		}
	}()
	if cached {
		return 0
	}
	return <-ch
}

func twoSendsEarly(fail bool) (int, int, error) {
	ch := make(chan int)
	go func() {
		ch <- 1 // want "GAI102 .*returns at line \\d+ before its receive.*give `ch` room for every send"
		ch <- 2
	}()
	if fail {
		return 0, 0, errFail
	}
	return <-ch, <-ch, nil
}

// -- near misses ------------------------------------------------------------------

func receiveFirst(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 received before the check
	}()
	v := <-ch
	if err := check(fail); err != nil {
		return 0, err
	}
	return v, nil
}

func buffered(fail bool) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- work() // ok: GAI102 capacity 1 holds the one send
	}()
	if err := check(fail); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func deferredReceive(fail bool) error {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the deferred receive runs on every exit
	}()
	defer func() { <-ch }()
	return check(fail)
}

func returned(fail bool) (chan int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the channel is returned: the caller receives
	}()
	if err := check(fail); err != nil {
		return ch, err
	}
	return ch, nil
}

func panicsBefore(fail bool) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the only other path panics
	}()
	if check(fail) != nil {
		panic("bad")
	}
	return <-ch
}

func waitGroupDrained(fail bool) error {
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- work() // ok: GAI102 received unconditionally before the check
	}()
	<-ch
	wg.Wait()
	return check(fail)
}

func checkBeforeLaunch(fail bool) (int, error) {
	if err := check(fail); err != nil {
		return 0, err
	}
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the early return comes before the go statement
	}()
	return <-ch, nil
}

func returnInClosure(s string) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the return belongs to the closure, not to the function
	}()
	validate := func() error {
		if s == "" {
			return errEmpty
		}
		return nil
	}
	v := <-ch
	return v, validate()
}

func watchesCancel(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	out := make(chan int)
	go func() {
		select {
		case out <- work(): // ok: GAI102 the send gives up once the deferred cancel runs
		case <-ctx.Done():
		}
	}()
	if err := check(fail); err != nil {
		return err
	}
	<-out
	return nil
}

func receiveOnBothPaths(fast bool) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 every exit receives
	}()
	if fast {
		return <-ch
	}
	v := <-ch
	return v * 2
}

func countingLoop(fail bool) error {
	ready := make(chan struct{})
	go func() {
		ready <- struct{}{} // ok: GAI102 received in the counting loop before the check
	}()
	for i := 0; i < 1; i++ {
		<-ready
	}
	return check(fail)
}

func gotoReceive(fail bool) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the goto lands on the receive
	}()
	v := 0
	if fail {
		goto wait
	}
	v = 1
wait:
	return v + <-ch
}

func sendWithDefault(fail bool) error {
	ch := make(chan int)
	go func() {
		select {
		case ch <- work(): // ok: GAI102 the send has a default case
		default:
		}
	}()
	if fail {
		return errFail
	}
	select {
	case <-ch:
	default:
	}
	return nil
}

func rangeUntilClosed(fail bool) (int, error) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		ch <- work() // ok: GAI102 the function ranges until the channel is closed
	}()
	total := 0
	for v := range ch {
		total += v
	}
	if fail {
		return 0, errFail
	}
	return total, nil
}

func nestedReceive(a, b bool) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 received before the nested returns
	}()
	v := <-ch
	if a {
		if b {
			return 0
		}
	}
	return v
}

func switchAllReceive(mode int) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 every case and the default receive
	}()
	switch mode {
	case 1:
		return <-ch
	case 2:
		return <-ch * 2
	default:
		return <-ch * 3
	}
}

func deferredAssign(fail bool) (v int, err error) {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the deferred closure receives on every exit
	}()
	defer func() {
		v = <-ch
	}()
	if fail {
		return 0, errFail
	}
	return 0, nil
}

func loopBreakThenReceive(xs []int) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the loop breaks, it does not return
	}()
	n := 0
	for _, x := range xs {
		if x < 0 {
			break
		}
		n += x
	}
	return n + <-ch
}

func labelledBreak(rows [][]int) int {
	ch := make(chan int)
	go func() {
		ch <- work() // ok: GAI102 the labelled break leaves the loops, not the function
	}()
	n := 0
outer:
	for _, row := range rows {
		for _, x := range row {
			if x < 0 {
				break outer
			}
			n += x
		}
	}
	return n + <-ch
}

func storedForCaller(fail bool) (*pending, error) {
	p := &pending{}
	ch := make(chan int)
	p.ch = ch
	go func() {
		ch <- work() // ok: GAI102 the channel is stored in the value returned to the caller
	}()
	if fail {
		return p, errFail
	}
	return p, nil
}

type pending struct{ ch chan int }

func sameCondition(need bool) int {
	ch := make(chan int)
	go func() {
		if need {
			ch <- work() // ok: GAI102 sent only when the function receives, on the same condition
		}
	}()
	if need {
		return <-ch
	}
	return 0
}

func sameConditionReturns(need bool) int {
	ch := make(chan int)
	go func() {
		if !need {
			return
		}
		ch <- work() // ok: GAI102 the goroutine returns on the condition the function returns on
	}()
	if !need {
		return 0
	}
	return <-ch
}
