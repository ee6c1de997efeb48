// Package senders holds GAI102 case (c): goroutines launched in a loop send on one
// unbuffered channel and the launching function receives fewer times than it launches
// (the first result wins). Every function is run by tests/test_goroutine_proof.py
// through Cases (cases.go): each finding must leave senders behind, each near miss not.
package senders

import (
	"context"
	"errors"
	"sync"
)

var errNone = errors.New("no replica")

func fetch(u string) int { return len(u) }

func query(ctx context.Context, r int) (int, error) {
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	return r * 2, nil
}

// -- findings ---------------------------------------------------------------------

func firstWins(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // want "GAI102 .*receives once at line 33 while the loop at line 28 launches up to len\\(urls\\) senders.*make\\(chan int, len\\(urls\\)\\)"
		}(u)
	}
	return <-ch
}

func firstWinsCounted(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- fetch("x") // want "GAI102 .*receives once at line \\d+ while the loop at line \\d+ launches up to n senders"
		}()
	}
	return <-ch
}

func hedged(ctx context.Context, replicas []int) (int, error) {
	type result struct {
		v   int
		err error
	}
	ch := make(chan result)
	for _, r := range replicas {
		go func(r int) {
			v, err := query(ctx, r)
			ch <- result{v, err} // want "GAI102 .*receives once at line \\d+"
		}(r)
	}
	res := <-ch
	return res.v, res.err
}

func overMap(shards map[string]int) int {
	ch := make(chan int)
	for name, n := range shards {
		go func(name string, n int) {
			ch <- fetch(name) + n // want "GAI102 .*receives once at line \\d+ while the loop at line \\d+ launches up to len\\(shards\\) senders"
		}(name, n)
	}
	return <-ch
}

func nestedLoops(grid [][]string) int {
	ch := make(chan int)
	for _, row := range grid {
		for _, u := range row {
			go func(u string) {
				ch <- fetch(u) // want "GAI102 .*receives once at line \\d+"
			}(u)
		}
	}
	return <-ch
}

func indexRange(xs []int) int {
	ch := make(chan int)
	for i := range xs {
		go func(i int) {
			ch <- xs[i] * 2 // want "GAI102 .*receives once at line \\d+.*make\\(chan int, len\\(xs\\)\\)"
		}(i)
	}
	return <-ch
}

func okReceive(urls []string) (int, bool) {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // want "GAI102 .*receives once at line \\d+"
		}(u)
	}
	v, ok := <-ch
	return v, ok
}

func receiveInCondition(urls []string) bool {
	found := make(chan bool)
	for _, u := range urls {
		go func(u string) {
			found <- fetch(u) > 0 // want "GAI102 .*receives once at line \\d+"
		}(u)
	}
	if ok := <-found; ok {
		return true
	}
	return false
}

func queueLoop(queue []string) int {
	ch := make(chan int)
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		go func() {
			ch <- fetch(u) // want "GAI102 .*receives once at line \\d+"
		}()
	}
	return <-ch
}

func withDeferCancel(parent context.Context, replicas []int) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ch := make(chan int)
	for _, r := range replicas {
		go func(r int) {
			v, _ := query(ctx, r)
			ch <- v // want "GAI102 .*receives once at line \\d+"
		}(r)
	}
	return <-ch
}

type pool struct{ backends []string }

func (p *pool) fastest() int {
	ch := make(chan int)
	for _, b := range p.backends {
		go func(b string) {
			ch <- fetch(b) // want "GAI102 .*receives once at line \\d+ while the loop at line \\d+ launches up to len\\(p.backends\\) senders"
		}(b)
	}
	return <-ch
}

func skipSome(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		if u == "" {
			continue
		}
		go func(u string) {
			ch <- fetch(u) // want "GAI102 .*receives once at line \\d+"
		}(u)
	}
	return <-ch
}

func errOrResult(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) {
			if fetch(u) == 0 {
				errc <- errNone // want "GAI102 .*receives once at line \\d+"
				return
			}
			errc <- nil
		}(u)
	}
	return <-errc
}

func assignedReceive(urls []string) int {
	var best int
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // want "GAI102 .*receives once at line \\d+"
		}(u)
	}
	best = <-ch
	return best
}

func paramChannel(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(out chan<- int, u string) {
			out <- fetch(u) // want "GAI102 .*receives once at line \\d+"
		}(ch, u)
	}
	return <-ch
}

func signalOnly(tasks []func()) {
	done := make(chan struct{})
	for _, t := range tasks {
		go func(t func()) {
			t()
			done <- struct{}{} // want "GAI102 .*receives once at line \\d+.*make\\(chan struct\\{\\}, len\\(tasks\\)\\)"
		}(t)
	}
	<-done
}

func twoOfThree() int {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go func(i int) {
			ch <- i // want "GAI102 .*receives at most 2 times \\(first at line \\d+\\) while the loop at line \\d+ launches up to 3 senders"
		}(i)
	}
	return <-ch + <-ch
}

func shortReceiveLoop() int {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			ch <- fetch("x") // want "GAI102 .*receives at most 2 times .*while the loop at line \\d+ launches up to 4 senders"
		}()
	}
	sum := 0
	for i := 0; i < 2; i++ {
		sum += <-ch
	}
	return sum
}

// -- near misses ------------------------------------------------------------------

func allReceived(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 one receive per sender
		}(u)
	}
	total := 0
	for range urls {
		total += <-ch
	}
	return total
}

func sizedForAll(urls []string) int {
	ch := make(chan int, len(urls))
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 one slot per sender
		}(u)
	}
	return <-ch
}

func freshChannelPerIteration(urls []string) int {
	total := 0
	for _, u := range urls {
		ch := make(chan int)
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 one channel per goroutine, each received
		}(u)
		total += <-ch
	}
	return total
}

func countedReceives() {
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go func() {
			done <- true // ok: GAI102 three receives for three senders
		}()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
}

func receiveLoopN(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			ch <- i // ok: GAI102 n receives for n senders
		}(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}

func collectAppend(urls []string) []int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 collected once per url
		}(u)
	}
	var out []int
	for range urls {
		out = append(out, <-ch)
	}
	return out
}

func closerGoroutine(urls []string) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			ch <- fetch(u) // ok: GAI102 ranged over until the closer closes it
		}(u)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

func cancelOthers(parent context.Context, replicas []int) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ch := make(chan int)
	for _, r := range replicas {
		go func(r int) {
			v, _ := query(ctx, r)
			select {
			case ch <- v: // ok: GAI102 the losers give up when the deferred cancel runs
			case <-ctx.Done():
			}
		}(r)
	}
	return <-ch
}

func constantCapacity() int {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func(i int) {
			ch <- i // ok: GAI102 capacity 3 holds every sender
		}(i)
	}
	return <-ch
}

func workerPool(jobs []int) int {
	in := make(chan int)
	out := make(chan int)
	for w := 0; w < 2; w++ {
		go func() {
			for j := range in {
				out <- j * 2 // ok: GAI102 one receive per job handed out
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	sum := 0
	for range jobs {
		sum += <-out
	}
	return sum
}

func indexedReceive(urls []string) []int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 one receive per index
		}(u)
	}
	out := make([]int, len(urls))
	for i := range urls {
		out[i] = <-ch
	}
	return out
}

func drainInBackground(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 another goroutine drains the rest
		}(u)
	}
	first := <-ch
	go func() {
		for i := 1; i < len(urls); i++ {
			<-ch
		}
	}()
	return first
}

func drainDeferred(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 the deferred loop drains the rest
		}(u)
	}
	defer func() {
		for i := 1; i < len(urls); i++ {
			<-ch
		}
	}()
	return <-ch
}

func launchOnce(backends []string) int {
	ch := make(chan int)
	for _, b := range backends {
		if b != "" {
			go func(b string) {
				ch <- fetch(b) // ok: GAI102 the loop launches one sender, then breaks
			}(b)
			break
		}
	}
	return <-ch
}

func launchAndReturn(backends []string) int {
	ch := make(chan int)
	for _, b := range backends {
		go func(b string) {
			ch <- fetch(b) // ok: GAI102 the loop returns after its first launch
		}(b)
		return <-ch
	}
	return 0
}

func countedWhile(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 the counting loop receives len(urls) times
		}(u)
	}
	total := 0
	for got := 0; got < len(urls); got++ {
		total += <-ch
	}
	return total
}

func waitGroupSized(urls []string) int {
	ch := make(chan int, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			ch <- fetch(u) // ok: GAI102 room for every sender, then waited for
		}(u)
	}
	wg.Wait()
	close(ch)
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

func perSenderChannels(urls []string) int {
	chans := make([]chan int, len(urls))
	for i, u := range urls {
		ch := make(chan int)
		chans[i] = ch
		go func(u string) {
			ch <- fetch(u) // ok: GAI102 each sender has its own channel, each received
		}(u)
	}
	total := 0
	for _, ch := range chans {
		total += <-ch
	}
	return total
}

func taggedResults(urls []string) []int {
	type tagged struct{ i, v int }
	ch := make(chan tagged)
	for i, u := range urls {
		go func(i int, u string) {
			ch <- tagged{i, fetch(u)} // ok: GAI102 every result received into its slot
		}(i, u)
	}
	out := make([]int, len(urls))
	for range urls {
		t := <-ch
		out[t.i] = t.v
	}
	return out
}

func sendWithDefault(urls []string) int {
	ch := make(chan int)
	for _, u := range urls {
		go func(u string) {
			select {
			case ch <- fetch(u): // ok: GAI102 a sender nobody waits for takes the default
			default:
			}
		}(u)
	}
	select {
	case v := <-ch:
		return v
	default:
		return 0
	}
}

func someSendersSkip() int {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go func(i int) {
			if i > 0 {
				ch <- i // ok: GAI102 only two of the three goroutines send, and both are received
			}
		}(i)
	}
	return <-ch + <-ch
}

// group is an errgroup-like helper: Go runs f in a goroutine, Wait waits for all.
type group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

func groupCollect(urls []string) (int, error) {
	var g group
	ch := make(chan int)
	for _, u := range urls {
		u := u
		g.Go(func() error {
			ch <- fetch(u) // ok: GAI102 the group's goroutines are drained until Wait closes the channel
			return nil
		})
	}
	errc := make(chan error, 1)
	go func() {
		errc <- g.Wait()
		close(ch)
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total, <-errc
}
