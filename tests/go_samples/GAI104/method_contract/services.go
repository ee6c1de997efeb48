// Package services holds types whose goroutine runs until another method stops it
// (GAI104 c), functions that start them without stopping them on some path, and near
// misses. tests/test_goroutine_proof.py runs every function through Cases.
package services

import (
	"context"
	"errors"
)

var errFail = errors.New("fail")

// Batcher batches requests in a goroutine launched by its constructor.
type Batcher struct {
	in   chan int
	quit chan struct{}
}

// NewBatcher starts the batching loop.
func NewBatcher() *Batcher {
	b := &Batcher{in: make(chan int), quit: make(chan struct{})}
	go b.loop()
	return b
}

// NewBatcherErr starts the loop unless n is negative.
func NewBatcherErr(n int) (*Batcher, error) {
	if n < 0 {
		return nil, errFail
	}
	b := &Batcher{in: make(chan int), quit: make(chan struct{})}
	go b.loop()
	return b, nil
}

func (b *Batcher) loop() {
	for {
		select {
		case v := <-b.in:
			_ = v
		case <-b.quit:
			return
		}
	}
}

// Add hands one request to the loop.
func (b *Batcher) Add(v int) { b.in <- v }

// Stop ends the loop.
func (b *Batcher) Stop() { close(b.quit) }

// Close stops the batcher.
func (b *Batcher) Close() error {
	b.Stop()
	return nil
}

// Poller watches a context it owns.
type Poller struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Start launches the watcher.
func (p *Poller) Start() {
	p.ctx, p.cancel = context.WithCancel(context.Background())
	go func() {
		<-p.ctx.Done()
	}()
}

// Open is Start that can fail.
func (p *Poller) Open(fail bool) error {
	if fail {
		return errFail
	}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	go p.watch()
	return nil
}

func (p *Poller) watch() {
	<-p.ctx.Done()
}

// Close cancels the context.
func (p *Poller) Close() {
	p.cancel()
}

// Pump ranges over its jobs until they are closed.
type Pump struct{ jobs chan int }

// Start launches the worker.
func (p *Pump) Start() {
	go func() {
		for j := range p.jobs {
			_ = j
		}
	}()
}

// Send queues one job.
func (p *Pump) Send(j int) { p.jobs <- j }

// Shutdown closes the jobs.
func (p *Pump) Shutdown() { close(p.jobs) }

// Waiter waits for one signal.
type Waiter struct{ done chan struct{} }

// Start launches the waiter.
func (w *Waiter) Start() {
	go func() {
		<-w.done
	}()
}

// Release signals the waiter.
func (w *Waiter) Release() { w.done <- struct{}{} }

// Service starts its loop through a helper and stops it through another.
type Service struct{ stop chan struct{} }

func (s *Service) start() {
	go s.serve()
}

func (s *Service) serve() {
	for {
		select {
		case <-s.stop:
			return
		}
	}
}

// Run starts the service.
func (s *Service) Run() {
	s.start()
}

// Stop ends the service.
func (s *Service) Stop() { close(s.stop) }

// Shutdown stops the service.
func (s *Service) Shutdown() { s.Stop() }

// Runner serves predictions from weights it holds.
type Runner struct {
	weights []float32
	reqs    chan int
	quit    chan struct{}
}

// NewRunner loads the weights and starts serving.
func NewRunner(weights []float32) *Runner {
	r := &Runner{weights: weights, reqs: make(chan int), quit: make(chan struct{})}
	r.Start()
	return r
}

// Start launches the serving loop.
func (r *Runner) Start() {
	go func() {
		for {
			select {
			case i := <-r.reqs:
				_ = r.weights[i%len(r.weights)]
			case <-r.quit:
				return
			}
		}
	}()
}

// Unload stops serving.
func (r *Runner) Unload() { close(r.quit) }

// Manager keeps one batcher.
type Manager struct{ b *Batcher }

// --- positives -----------------------------------------------------------------------

// BatcherEarlyReturn stops the batcher only when nothing fails.
func BatcherEarlyReturn(fail bool) error {
	b := NewBatcher() // want "GAI104 .*`NewBatcher` \\(Batcher\\) starts a goroutine that runs until `b.Close\\(\\)` or `b.Stop\\(\\)` closes or sends on `b.quit`, but `BatcherEarlyReturn` returns at line 190"
	if fail {
		return errFail
	}
	b.Stop()
	return nil
}

// BatcherNeverStopped uses the batcher and forgets it.
func BatcherNeverStopped() {
	b := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`BatcherNeverStopped` ends at line 200"
	b.Add(1)
}

// PollerEarly closes the poller only at the end.
func PollerEarly(fail bool) error {
	p := &Poller{}
	p.Start() // want "GAI104 .*`p.Start\\(\\)` starts a goroutine that runs until `p.Close\\(\\)` cancels `p.ctx`"
	if fail {
		return errFail
	}
	p.Close()
	return nil
}

// PumpEarly shuts the pump down only after every job.
func PumpEarly(jobs []int) error {
	p := &Pump{jobs: make(chan int)}
	p.Start() // want "GAI104 .*starts a goroutine that runs until.*`p.Shutdown\\(\\)` closes `p.jobs`"
	for _, j := range jobs {
		if j < 0 {
			return errFail
		}
		p.Send(j)
	}
	p.Shutdown()
	return nil
}

// WaiterNoRelease never releases the waiter.
func WaiterNoRelease() {
	w := &Waiter{done: make(chan struct{})}
	w.Start() // want "GAI104 .*starts a goroutine that runs until.*`w.Release\\(\\)` closes or sends on `w.done`"
}

// ServiceNoShutdown runs the service and returns early.
func ServiceNoShutdown(fail bool) error {
	s := &Service{stop: make(chan struct{})}
	s.Run() // want "GAI104 .*`s.Run\\(\\)` starts a goroutine that runs until `s.Shutdown\\(\\)`"
	if fail {
		return errFail
	}
	s.Shutdown()
	return nil
}

// PredictOnce loads a runner per request and leaves it serving on failure.
func PredictOnce(weights []float32, fail bool) error {
	r := NewRunner(weights) // want "GAI104 .*`NewRunner` \\(Runner\\) starts a goroutine that runs until `r.Unload\\(\\)`"
	r.reqs <- 0
	if fail {
		return errFail
	}
	r.Unload()
	return nil
}

// NestedEarly returns from inside two conditions.
func NestedEarly(a, b bool) error {
	bt := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`NestedEarly` returns at line 260"
	if a {
		if b {
			return errFail
		}
	}
	bt.Stop()
	return nil
}

// SwitchSkips stops the batcher in one mode only.
func SwitchSkips(mode int) {
	b := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`SwitchSkips` ends at line 276"
	switch mode {
	case 1:
		b.Stop()
	case 2:
		b.Add(2)
	}
}

// Reload keeps the new batcher only on success.
func (m *Manager) Reload(fail bool) error {
	b := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`Manager.Reload` returns at line 282"
	if fail {
		return errFail
	}
	m.b = b
	return nil
}

// OpenThenFail checks the open error, then fails without closing.
func OpenThenFail(fail bool) error {
	p := &Poller{}
	if err := p.Open(false); err != nil { // want "GAI104 .*`p.Open\\(\\)` starts a goroutine that runs until `p.Close\\(\\)`"
		return err
	}
	if fail {
		return errFail
	}
	p.Close()
	return nil
}

// ConstructorErrThenFail checks the constructor's error, then fails without stopping.
func ConstructorErrThenFail(n int, fail bool) error {
	b, err := NewBatcherErr(n) // want "GAI104 .*`NewBatcherErr` \\(Batcher\\) starts a goroutine that runs until"
	if err != nil {
		return err
	}
	if fail {
		return errFail
	}
	b.Stop()
	return nil
}

// InLoop skips the stop with continue.
func InLoop(n int) {
	for i := 0; i < n; i++ {
		b := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`InLoop` ends at line 323"
		if i == 1 {
			continue
		}
		b.Stop()
	}
}

// ReleaseLater sends the signal only when nothing fails.
func ReleaseLater(fail bool) error {
	w := &Waiter{done: make(chan struct{})}
	w.Start() // want "GAI104 .*starts a goroutine that runs until.*`ReleaseLater` returns at line 330"
	if fail {
		return errFail
	}
	w.Release()
	return nil
}

// CloseAfterCheck closes the batcher after a check that may fail.
func CloseAfterCheck(fail bool) error {
	b := NewBatcher() // want "GAI104 .*starts a goroutine that runs until.*`CloseAfterCheck` returns at line 340"
	if err := check(fail); err != nil {
		return err
	}
	return b.Close()
}

func check(fail bool) error {
	if fail {
		return errFail
	}
	return nil
}

// --- near misses ---------------------------------------------------------------------

// Deferred stops on every path.
func Deferred(fail bool) error {
	b := NewBatcher() // ok: GAI104 defer b.Stop()
	defer b.Stop()
	if fail {
		return errFail
	}
	return nil
}

// EveryPath stops before each exit.
func EveryPath(fail bool) error {
	b := NewBatcher() // ok: GAI104 stopped on every path
	if fail {
		b.Stop()
		return errFail
	}
	b.Stop()
	return nil
}

// Returned hands the batcher to the caller.
func Returned() *Batcher {
	b := NewBatcher() // ok: GAI104 returned
	return b
}

// Kept stores it in a field on every path.
func (m *Manager) Kept() {
	b := NewBatcher() // ok: GAI104 stored in m.b
	m.b = b
}

var kept []*Batcher

// Appended hands it to a package slice.
func Appended() {
	b := NewBatcher() // ok: GAI104 appended to a package-level slice
	kept = append(kept, b)
}

func cleanup(f func()) { f() }

// MethodValue registers the stop.
func MethodValue() {
	b := NewBatcher() // ok: GAI104 b.Stop registered as a value
	cleanup(b.Stop)
}

// DeferredClosure stops in a deferred closure.
func DeferredClosure(fail bool) error {
	p := &Poller{}
	p.Start() // ok: GAI104 closed by the deferred closure
	defer func() {
		p.Close()
	}()
	if fail {
		return errFail
	}
	return nil
}

// ViaClose stops through Close, which calls Stop.
func ViaClose(fail bool) error {
	b := NewBatcher() // ok: GAI104 b.Close() stops it on every path
	defer b.Close()
	if fail {
		return errFail
	}
	return nil
}

// OpenFails returns only the open error, which means nothing started.
func OpenFails(fail bool) error {
	p := &Poller{}
	if err := p.Open(fail); err != nil { // ok: GAI104 the error path started nothing
		return err
	}
	p.Close()
	return nil
}

// ConstructorFails returns only the constructor's error.
func ConstructorFails(n int) error {
	b, err := NewBatcherErr(n) // ok: GAI104 the error path started nothing
	if err != nil {
		return err
	}
	b.Stop()
	return nil
}

// Given starts a poller its caller owns.
func Given(p *Poller) {
	p.Start() // ok: GAI104 a parameter: the caller stops it
}

var global = &Poller{}

// Global starts the package's poller.
func Global() {
	global.Start() // ok: GAI104 a package-level value
}

// StoppedByGoroutine hands the batcher to a goroutine that stops it.
func StoppedByGoroutine(done chan struct{}) {
	b := NewBatcher() // ok: GAI104 captured by the goroutine that stops it
	go func() {
		defer close(done)
		b.Stop()
	}()
}

// AsCloser keeps it as an io.Closer-like value.
func AsCloser(fail bool) error {
	b := NewBatcher() // ok: GAI104 handed to another variable
	var c interface{ Close() error } = b
	defer c.Close()
	if fail {
		return errFail
	}
	return nil
}

// Holder wraps a batcher.
type Holder struct{ b *Batcher }

// Wrapped returns it inside a struct.
func Wrapped() *Holder {
	b := NewBatcher() // ok: GAI104 returned inside a composite literal
	return &Holder{b: b}
}

// Sent hands it over a channel.
func Sent(out chan *Batcher) {
	b := NewBatcher() // ok: GAI104 sent to the receiver
	out <- b
}

// Flusher's goroutine ends by itself.
type Flusher struct{ n int }

// Start launches one flush.
func (f *Flusher) Start(done chan struct{}) {
	go func() {
		f.n++
		close(done)
	}()
}

// FlushOnce starts a goroutine that needs no stop.
func FlushOnce() {
	f := &Flusher{}
	done := make(chan struct{})
	f.Start(done) // ok: GAI104 the goroutine ends by itself
	<-done
}

// Lazy launches its loop only when asked to.
type Lazy struct {
	async bool
	quit  chan struct{}
}

// Start launches the loop when async is set.
func (l *Lazy) Start() {
	if l.async {
		go func() {
			<-l.quit
		}()
	}
}

// Stop ends the loop.
func (l *Lazy) Stop() { close(l.quit) }

// LazySync never launches.
func LazySync() {
	l := &Lazy{quit: make(chan struct{})}
	l.Start() // ok: GAI104 the launch is conditional
}

// SelfStopping is a loop that its own start also stops.
type SelfStopping struct{ quit chan struct{} }

// Run launches the loop and stops it before returning.
func (s *SelfStopping) Run() {
	go func() {
		<-s.quit
	}()
	close(s.quit)
}

// Stop is a second way to end it.
func (s *SelfStopping) Stop() {}

// RunsToCompletion uses the self-contained type.
func RunsToCompletion() {
	s := &SelfStopping{quit: make(chan struct{})}
	s.Run() // ok: GAI104 Run stops what it starts
}

// Swap replaces the manager's batcher and stops the old one.
func (m *Manager) Swap() {
	b := NewBatcher() // ok: GAI104 stored in m.b
	old := m.b
	m.b = b
	if old != nil {
		old.Stop()
	}
}

// StopInSwitch stops in every case of a switch with a default.
func StopInSwitch(mode int) {
	b := NewBatcher() // ok: GAI104 every case stops it
	switch mode {
	case 1:
		b.Stop()
	default:
		_ = b.Close()
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
		{"BatcherEarlyReturn", func() { _ = BatcherEarlyReturn(true) }, true},
		{"BatcherNeverStopped", BatcherNeverStopped, true},
		{"PollerEarly", func() { _ = PollerEarly(true) }, true},
		{"PumpEarly", func() { _ = PumpEarly([]int{1, -1}) }, true},
		{"WaiterNoRelease", WaiterNoRelease, true},
		{"ServiceNoShutdown", func() { _ = ServiceNoShutdown(true) }, true},
		{"PredictOnce", func() { _ = PredictOnce([]float32{1, 2}, true) }, true},
		{"NestedEarly", func() { _ = NestedEarly(true, true) }, true},
		{"SwitchSkips", func() { SwitchSkips(2) }, true},
		{"Reload", func() { _ = (&Manager{}).Reload(true) }, true},
		{"OpenThenFail", func() { _ = OpenThenFail(true) }, true},
		{"ConstructorErrThenFail", func() { _ = ConstructorErrThenFail(1, true) }, true},
		{"InLoop", func() { InLoop(3) }, true},
		{"ReleaseLater", func() { _ = ReleaseLater(true) }, true},
		{"CloseAfterCheck", func() { _ = CloseAfterCheck(true) }, true},
		{"Deferred", func() { _ = Deferred(true) }, false},
		{"EveryPath", func() { _ = EveryPath(true) }, false},
		{"Returned", func() { Returned().Stop() }, false},
		{"Kept", func() { m := &Manager{}; m.Kept(); m.b.Stop() }, false},
		{"Appended", func() { Appended(); kept[len(kept)-1].Stop() }, false},
		{"MethodValue", MethodValue, false},
		{"DeferredClosure", func() { _ = DeferredClosure(true) }, false},
		{"ViaClose", func() { _ = ViaClose(true) }, false},
		{"OpenFails", func() { _ = OpenFails(true) }, false},
		{"ConstructorFails", func() { _ = ConstructorFails(-1) }, false},
		{"Given", func() { p := &Poller{}; Given(p); p.Close() }, false},
		{"Global", func() { Global(); global.Close() }, false},
		{"StoppedByGoroutine", func() { done := make(chan struct{}); StoppedByGoroutine(done); <-done }, false},
		{"AsCloser", func() { _ = AsCloser(true) }, false},
		{"Wrapped", func() { Wrapped().b.Stop() }, false},
		{"Sent", func() { out := make(chan *Batcher, 1); Sent(out); (<-out).Stop() }, false},
		{"FlushOnce", FlushOnce, false},
		{"LazySync", LazySync, false},
		{"Swap", func() { m := &Manager{}; m.Swap(); m.Swap(); m.b.Stop() }, false},
		{"StopInSwitch", func() { StopInSwitch(2) }, false},
		{"RunsToCompletion", RunsToCompletion, false},
	}
}
