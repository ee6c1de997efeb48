// Package widened holds goroutines awaited in ways beyond a Wait or a receive in the
// launching function (contract v3, "Waiting, widened"), and near misses that are not.
package widened

import (
	"bytes"
	"io"
	"sync"
	"time"
)

func send(b []byte) int      { return len(b) }
func use(w []float32)        {}
func consume(vs [][]float32) {}

// The caller drains the returned channel.
func fanout(body []byte, n int) <-chan int {
	res := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() {
			res <- send(body) // ok: GAI101 results go on the returned channel
		}()
	}
	return res
}

type stream struct{ out chan int }

// The channel is stored in the value the function returns.
func startStream(body []byte) *stream {
	s := &stream{}
	ch := make(chan int)
	s.out = ch
	go func() {
		ch <- send(body) // ok: GAI101 the returned stream holds the channel
		close(ch)
	}()
	return s
}

// The Wait is in the function enclosing the closure that launches the goroutine.
func backward(grad []float32, parts int) {
	var wg sync.WaitGroup
	run := func() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(grad) // ok: GAI101 backward waits after running the closure
		}()
	}
	for i := 0; i < parts; i++ {
		run()
	}
	wg.Wait()
}

// The goroutine writes into a pipe the function reads to EOF.
func restore(chunk []byte) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.Copy(pw, bytes.NewReader(chunk)) // ok: GAI101 ReadAll(pr) returns only after the writer closed
		pw.Close()
	}()
	return io.ReadAll(pr)
}

func newPipe() (io.ReadCloser, io.WriteCloser) {
	pr, pw := io.Pipe()
	return pr, pw
}

// The same through a function of the package that makes the pipe.
func restoreVia(chunk []byte) error {
	r, w := newPipe()
	go func() {
		_, _ = io.Copy(w, bytes.NewReader(chunk)) // ok: GAI101 the other end is read and closed below
		w.Close()
	}()
	_, err := io.Copy(io.Discard, r)
	r.Close()
	return err
}

// A waiter goroutine closes a done channel the function receives from.
func insertAll(vecs [][]float32) bool {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); consume(vecs) }() // ok: GAI101 awaited through the waiter goroutine
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// A producer feeding workers the function waits for: the workers range until the
// producer closes the channel, so the producer is done before the Wait returns.
func pipeline(key []byte, n int) {
	requests := make(chan []byte)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range requests {
				_ = send(r)
			}
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			requests <- append([]byte(nil), key...) // ok: GAI101 the awaited workers drain until close
		}
		close(requests)
	}()
	wg.Wait()
}

// Near misses of the widened shapes: still fire-and-forget.

// The channel is only handed out after being filled; nothing drains it.
func notReturned(body []byte) {
	res := make(chan int, 1)
	go func() {
		res <- send(body) // want "GAI101 .*body"
	}()
}

// The pipe's reader is never used: the writer blocks forever.
func pipeNobodyReads(chunk []byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.Copy(pw, bytes.NewReader(chunk)) // want "GAI101 .*chunk"
	}()
	_ = pr
	return bytes.NewReader(nil)
}

// The waiter goroutine's done channel is never received from.
func waiterIgnored(vecs [][]float32) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); consume(vecs) }() // want "GAI101 .*vecs"
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
}

// Workers that leave the range early do not wait for the producer.
func pipelineEarlyExit(key []byte, n int) {
	requests := make(chan []byte)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for r := range requests {
			if len(r) == 0 {
				return
			}
		}
	}()
	go func() {
		for i := 0; i < n; i++ {
			requests <- key // want "GAI101 .*key"
		}
		close(requests)
	}()
	wg.Wait()
}
