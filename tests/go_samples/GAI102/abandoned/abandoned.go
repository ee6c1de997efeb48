// Package abandoned holds GAI102 case (a): a goroutine's unbuffered send whose
// receiver is a select that can give up (a context, a timer, a default case). Every
// function is run by tests/test_goroutine_proof.py through Cases (cases.go), with the
// goroutine's work held until the select has given up: each finding must leave its
// sender behind, and each near miss must not.
package abandoned

import (
	cx "context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// compute is the goroutine's work; cases.go can hold it until the select gave up.
func compute() int {
	waitGate()
	return 42
}

func do() error {
	waitGate()
	return nil
}

// -- findings ---------------------------------------------------------------------

func withContext(ctx cx.Context) (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*`out`.*is abandoned when `case <-ctx.Done\\(\\)`.*make\\(chan int, 1\\)"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func withTimeout() (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when `case <-time.After\\(time.Millisecond\\)`"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-time.After(time.Millisecond):
		return 0, errors.New("timeout")
	}
}

func withDefault() int {
	res := make(chan int)
	go func() {
		res <- compute() // want "GAI102 .*is abandoned when `default`"
	}()
	select {
	case v := <-res:
		return v
	default:
		return -1
	}
}

func zeroCapacity(ctx cx.Context) int {
	out := make(chan int, 0)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when"
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func varDecl(stop <-chan struct{}) int {
	var out = make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when `case <-stop`"
	}()
	select {
	case v := <-out:
		return v
	case <-stop:
		return 0
	}
}

func literalParam(ctx cx.Context) int {
	ch := make(chan int)
	go func(c chan<- int) {
		c <- compute() // want "GAI102 .*`ch`.*is abandoned when"
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func labelledLoop(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- compute() + i // want "GAI102 .*is abandoned when"
		}
	}()
	total := 0
loop:
	for {
		select {
		case v := <-ch:
			total += v
		case <-ctx.Done():
			break loop
		}
	}
	return total
}

func loopReturn(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		if v := compute(); v > 0 {
			ch <- v // want "GAI102 .*is abandoned when"
		}
	}()
	for {
		select {
		case v := <-ch:
			return v
		case <-ctx.Done():
			return 0
		}
	}
}

func gotoOut(ctx cx.Context) (n int) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when"
	}()
	for {
		select {
		case v := <-ch:
			n += v
		case <-ctx.Done():
			goto done
		}
	}
done:
	return n
}

func panics(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when"
	}()
	for {
		select {
		case v := <-ch:
			return v
		case <-ctx.Done():
			panic("cancelled")
		}
	}
}

func ticker() int {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when `case <-t.C`"
	}()
	select {
	case v := <-ch:
		return v
	case <-t.C:
		return 0
	}
}

func twoWorkers(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when"
	}()
	go func() {
		ch <- compute() + 1 // want "GAI102 .*is abandoned when"
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func fallsThrough(ctx cx.Context) (int, error) {
	var err error
	v := 0
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when"
	}()
	select {
	case v = <-ch:
	case <-ctx.Done():
		err = ctx.Err()
	}
	return v, err
}

func timer() int {
	t := time.NewTimer(time.Millisecond)
	defer t.Stop()
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when `case <-t.C`"
	}()
	select {
	case v := <-ch:
		return v
	case <-t.C:
		return -1
	}
}

func deferCancel(parent cx.Context) (int, error) {
	ctx, cancel := cx.WithTimeout(parent, time.Millisecond)
	defer cancel()
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when `case <-ctx.Done\\(\\)`"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func errgroupLike(ctx cx.Context) error {
	errc := make(chan error)
	go func() {
		errc <- do() // want "GAI102 .*`errc`.*is abandoned when"
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

type server struct {
	quit    chan struct{}
	verbose bool
}

func (s *server) infer(ctx cx.Context) (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		if s.verbose {
			fmt.Println("cancelled")
		}
		return 0, ctx.Err()
	}
}

func (s *server) untilQuit() int {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when `case <-s.quit`"
	}()
	select {
	case v := <-out:
		return v
	case <-s.quit:
		return 0
	}
}

func okReceive(ctx cx.Context) (int, bool) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*is abandoned when"
	}()
	select {
	case v, ok := <-out:
		return v, ok
	case <-ctx.Done():
		return 0, false
	}
}

func breakFromIf(ctx cx.Context, strict bool) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*is abandoned when"
	}()
	n := 0
wait:
	for {
		select {
		case v := <-ch:
			n = v
			break wait
		case <-ctx.Done():
			if strict {
				break wait
			}
		}
	}
	return n
}

// -- near misses ------------------------------------------------------------------

func buffered(ctx cx.Context) int {
	out := make(chan int, 1)
	go func() {
		out <- compute() // ok: GAI102 capacity 1 holds the one send
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func bufferedTwo(ctx cx.Context) int {
	out := make(chan int, 2)
	go func() {
		out <- compute() // ok: GAI102 capacity 2 holds both sends
		out <- compute() // ok: GAI102 capacity 2 holds both sends
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func guardedSend(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		select {
		case out <- compute(): // ok: GAI102 the send watches ctx.Done()
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func defaultSend(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		select {
		case out <- compute(): // ok: GAI102 the send has a default case
		default:
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func unconditional(ctx cx.Context) (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the receive is unconditional
	}()
	if err := ctx.Err(); err != nil {
		fmt.Println("late:", err)
	}
	return <-out, nil
}

func keepsReceiving() int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the loop keeps receiving after the tick
	}()
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case v := <-out:
			return v
		case <-t.C:
			fmt.Println("still waiting")
		}
	}
}

func breakLeavesSelectOnly(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 break leaves the select, not the loop
	}()
	for {
		select {
		case v := <-out:
			return v
		case <-ctx.Done():
			break
		}
	}
}

func ranged(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		defer close(out)
		out <- compute() // ok: GAI102 ranged over until closed
	}()
	n := 0
	for v := range out {
		select {
		case <-ctx.Done():
			fmt.Println("cancelled, still draining")
		default:
		}
		n += v
	}
	return n
}

func drain(ch <-chan int) {
	for range ch {
	}
}

func handsOffOnCancel(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		defer close(out)
		out <- compute() // ok: GAI102 the cancelled path hands the channel to a drainer
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		go drain(out)
		return 0
	}
}

func lateResult(ctx cx.Context) (int, <-chan int) {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the channel goes back to the caller when the select gives up
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, out
	}
}

func singleCaseSelect() int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 a select with one case is a plain receive
	}()
	select {
	case v := <-out:
		return v
	}
}

func senderWatchesCancel(parent cx.Context) int {
	ctx, cancel := cx.WithCancel(parent)
	defer cancel()
	out := make(chan int)
	go func() {
		select {
		case out <- compute(): // ok: GAI102 the deferred cancel releases the sender
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-out:
		return v
	case <-time.After(time.Millisecond):
		return 0
	}
}

func drainInOtherCase(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the other case still receives
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		<-out
		return 0
	}
}

func receiveAfterSelect(ctx cx.Context) int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 received after the select on every path
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
	}
	return <-out
}

func exclusive(fail bool) (int, error) {
	resCh, errCh := make(chan int), make(chan error)
	go func() {
		if fail {
			errCh <- errors.New("failed") // ok: GAI102 the result case wins only when this send never happens
			return
		}
		resCh <- compute() // ok: GAI102 the error case wins only when this send never happens
	}()
	select {
	case v := <-resCh:
		return v, nil
	case err := <-errCh:
		return 0, err
	}
}

func countsBoth() int {
	a, b := make(chan int), make(chan int)
	go func() {
		a <- compute() // ok: GAI102 the loop leaves only once both have arrived
	}()
	go func() {
		b <- compute() // ok: GAI102 the loop leaves only once both have arrived
	}()
	n, m, sum := 0, 0, 0
	for {
		select {
		case v := <-a:
			n++
			sum += v
			if n == 1 && m == 1 {
				return sum
			}
		case v := <-b:
			m++
			sum += v
			if n == 1 && m == 1 {
				return sum
			}
		}
	}
}

func polling() int {
	out := make(chan int)
	go func() {
		out <- compute() // ok: GAI102 the default case only polls again
	}()
	for {
		select {
		case v := <-out:
			return v
		default:
			runtime.Gosched()
		}
	}
}

func capacityCoversLoop(ctx cx.Context) int {
	out := make(chan int, 3)
	go func() {
		for i := 0; i < 3; i++ {
			out <- compute() + i // ok: GAI102 capacity 3 holds the loop's three sends
		}
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func tickUntilClosed() int {
	out := make(chan int)
	go func() {
		defer close(out)
		out <- compute() // ok: GAI102 the tick case only logs; the loop receives until close
	}()
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	sum := 0
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return sum
			}
			sum += v
		case <-t.C:
			fmt.Println("waiting")
		}
	}
}

func bufferedPerItem(ctx cx.Context, xs []int) int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		go func(x int) {
			out <- compute() * x // ok: GAI102 a slot per goroutine
		}(x)
	}
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}
