// Package awaited holds goroutines that capture buffers but are waited for.
package awaited

import (
	ws "sync"
)

func upload(b []byte) error { _ = b; return nil }

func waitGroup(buf []byte) {
	var wg ws.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = upload(buf) // ok: GAI101 awaited by wg.Wait()
	}()
	wg.Wait()
}

func deferredWait(buf []byte) {
	var wg ws.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = upload(buf) // ok: GAI101 deferred wg.Wait() runs after
	}()
}

func doneChannel(buf []byte) {
	done := make(chan struct{})
	go func() {
		_ = upload(buf) // ok: GAI101 awaited by <-done
		close(done)
	}()
	<-done
}

func resultChannel(buf []byte) error {
	errc := make(chan error, 1)
	go func() {
		errc <- upload(buf) // ok: GAI101 awaited by the receive
	}()
	return <-errc
}

func rangeChannel(parts [][]byte) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, p := range parts { // ok: GAI101 awaited: the caller ranges over out
			out <- len(p)
		}
	}()
	n := 0
	for v := range out {
		n += v
	}
	return n
}

func selectReceive(buf []byte, quit chan struct{}) error {
	errc := make(chan error)
	go func() {
		errc <- upload(buf) // ok: GAI101 a select receive awaits, even with another case // want "GAI102"
	}()
	select {
	case err := <-errc:
		return err
	case <-quit:
		return nil
	}
}

type group struct{ wg ws.WaitGroup }

func fieldWaitGroup(g *group, buf []byte) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		_ = upload(buf) // ok: GAI101 awaited by g.wg.Wait()
	}()
	g.wg.Wait()
}

func passedChannel(buf []byte) {
	done := make(chan bool)
	go worker(done, buf)
	go func(b []byte) {
		_ = upload(b) // ok: GAI101 passed as an argument
		done <- true
	}(buf)
	<-done
	<-done
}

func worker(done chan bool, b []byte) {
	_ = upload(b)
	done <- true
}

func mutexWait(buf []byte) {
	var mu ws.Mutex
	mu.Lock()
	go func() {
		_ = upload(buf) // ok: GAI101 awaited: the launcher locks mu again
		mu.Unlock()
	}()
	mu.Lock()
}

// encoder compresses blocks in the background; Flush waits for every block.
type encoder struct {
	cur []byte
	out []byte
	wg  ws.WaitGroup
	mu  ws.Mutex
}

func (e *encoder) nextBlock(block []byte) {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.mu.Lock()
		e.out = append(e.out, block...) // ok: GAI101 signs off on e.wg, which Flush waits on
		e.mu.Unlock()
	}()
}

func (e *encoder) Flush() []byte {
	e.wg.Wait()
	return e.out
}

// background also signs off on a WaitGroup, but a local one that nothing waits on.
func background(weights []float32) {
	var wg ws.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = upload(f32bytes(weights)) // want "GAI101"
	}()
}

func f32bytes(w []float32) []byte { return make([]byte, 4*len(w)) }
