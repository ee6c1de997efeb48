package abandoned

import (
	cx "context"
	"sync"
)

// Case is one call of the package's functions and whether it leaves a goroutine behind.
type Case struct {
	Name  string
	Run   func()
	Leaks bool
}

var (
	mu   sync.Mutex
	gate = opened()
)

func opened() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// waitGate blocks while a case holds the goroutines' work.
func waitGate() {
	mu.Lock()
	g := gate
	mu.Unlock()
	<-g
}

// held runs f with the goroutines' work held until f has returned: the select's other
// case wins, as it does when the work is slow.
func held(f func()) func() {
	return func() {
		mu.Lock()
		g := make(chan struct{})
		gate = g
		mu.Unlock()
		defer func() {
			mu.Lock()
			gate = opened()
			mu.Unlock()
			close(g)
		}()
		f()
	}
}

// Cases drives every function down its select's other case where it has one.
func Cases() []Case {
	bg := cx.Background()
	done, cancel := cx.WithCancel(bg)
	cancel()
	stop := make(chan struct{})
	close(stop)
	return []Case{
		{"withContext", held(func() { _, _ = withContext(done) }), true},
		{"withTimeout", held(func() { _, _ = withTimeout() }), true},
		{"withDefault", held(func() { _ = withDefault() }), true},
		{"zeroCapacity", held(func() { _ = zeroCapacity(done) }), true},
		{"varDecl", held(func() { _ = varDecl(stop) }), true},
		{"literalParam", held(func() { _ = literalParam(done) }), true},
		{"labelledLoop", held(func() { _ = labelledLoop(done) }), true},
		{"loopReturn", held(func() { _ = loopReturn(done) }), true},
		{"gotoOut", held(func() { _ = gotoOut(done) }), true},
		{"panics", held(func() {
			defer func() { _ = recover() }()
			_ = panics(done)
		}), true},
		{"ticker", held(func() { _ = ticker() }), true},
		{"twoWorkers", held(func() { _ = twoWorkers(done) }), true},
		{"fallsThrough", held(func() { _, _ = fallsThrough(done) }), true},
		{"timer", held(func() { _ = timer() }), true},
		{"deferCancel", held(func() { _, _ = deferCancel(bg) }), true},
		{"errgroupLike", held(func() { _ = errgroupLike(done) }), true},
		{"infer", held(func() { _, _ = (&server{verbose: false}).infer(done) }), true},
		{"untilQuit", held(func() { _ = (&server{quit: stop}).untilQuit() }), true},
		{"okReceive", held(func() { _, _ = okReceive(done) }), true},
		{"breakFromIf", held(func() { _ = breakFromIf(done, true) }), true},

		{"buffered", held(func() { _ = buffered(done) }), false},
		{"bufferedTwo", held(func() { _ = bufferedTwo(done) }), false},
		{"guardedSend", held(func() { _ = guardedSend(done) }), false},
		{"defaultSend", held(func() { _ = defaultSend(done) }), false},
		{"unconditional", func() { _, _ = unconditional(done) }, false},
		{"keepsReceiving", func() { _ = keepsReceiving() }, false},
		{"breakLeavesSelectOnly", func() { _ = breakLeavesSelectOnly(done) }, false},
		{"ranged", func() { _ = ranged(done) }, false},
		{"handsOffOnCancel", held(func() { _ = handsOffOnCancel(done) }), false},
		{"lateResult", func() {
			var late <-chan int
			held(func() { _, late = lateResult(done) })()
			if late != nil {
				<-late // the caller collects the late result
			}
		}, false},
		{"singleCaseSelect", func() { _ = singleCaseSelect() }, false},
		{"senderWatchesCancel", held(func() { _ = senderWatchesCancel(bg) }), false},
		{"drainInOtherCase", func() { _ = drainInOtherCase(done) }, false},
		{"receiveAfterSelect", func() { _ = receiveAfterSelect(done) }, false},
		{"exclusive", func() { _, _ = exclusive(true) }, false},
		{"countsBoth", func() { _ = countsBoth() }, false},
		{"polling", func() { _ = polling() }, false},
		{"capacityCoversLoop", held(func() { _ = capacityCoversLoop(done) }), false},
		{"tickUntilClosed", func() { _ = tickUntilClosed() }, false},
		{"bufferedPerItem", held(func() { _ = bufferedPerItem(done, []int{1, 2, 3}) }), false},
	}
}
