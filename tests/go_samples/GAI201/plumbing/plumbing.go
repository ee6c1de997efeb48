// Package plumbing holds goroutines and helpers that use the request context the way
// it is meant to be used: to learn that the request is over.
package plumbing

import (
	"context"
	"log"
	"net/http"
	"sync"
)

type conns struct {
	mu   sync.Mutex
	live map[*http.Request]bool
}

// track keeps r until the returned func removes it.
func (c *conns) track(r *http.Request) func() {
	c.mu.Lock()
	c.live[r] = true
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		delete(c.live, r)
		c.mu.Unlock()
	}
}

// Server serves every request.
type Server struct {
	conns *conns
	wg    sync.WaitGroup
}

func (s *Server) Close() { s.wg.Wait() }

func produce(ctx context.Context, out chan<- string) error { return ctx.Err() }

func stream(w http.ResponseWriter, ch <-chan string) {
	for s := range ch {
		if _, err := w.Write([]byte(s)); err != nil {
			return
		}
	}
}

func report(ctx context.Context, msg string) { log.Printf("%v %s", ctx.Value("id"), msg) }

func audit(ctx context.Context, msg string) error { return ctx.Err() }

// The handler consumes what the goroutine produces until it closes the channel: the
// producer learns from the request context that the client left.
func (s *Server) Stream(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string, 1)
	go func() {
		defer close(ch)
		_ = produce(r.Context(), ch) // ok: GAI201 a producer the handler consumes
	}()
	stream(w, ch)
}

// The tracked request is removed before the handler returns.
func (s *Server) Upgrade(w http.ResponseWriter, r *http.Request) {
	untrack := s.conns.track(r) // ok: GAI201 undone by the deferred func
	defer untrack()
}

// The handler returns only when the request context is done.
func (s *Server) Socket(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		<-ctx.Done()
		_ = audit(ctx, "closed") // ok: GAI201 the handler blocks until ctx is done
	}()
	<-ctx.Done()
}

// A goroutine that only logs with the context reads its values, which outlive the
// cancellation.
func (s *Server) Log(w http.ResponseWriter, r *http.Request) {
	go report(r.Context(), "served") // ok: GAI201 only logged with
	ctx := r.Context()
	go func() {
		log.Printf("served %v", ctx.Value("id")) // ok: GAI201 reads a value only
	}()
	go audit(r.Context(), "served") // want "GAI201 .*fire-and-forget"
}

// A goroutine tracked by the server's WaitGroup ends with the server, not unwatched.
func (s *Server) Tracked(w http.ResponseWriter, r *http.Request) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = audit(r.Context(), "tracked") // ok: GAI201 the server's WaitGroup tracks it
	}()
}

// Contexts handed to work that watches them are cancellation plumbing; a request kept
// by a long-lived receiver through a helper is an escape.
func (s *Server) Keep(w http.ResponseWriter, r *http.Request) {
	s.conns.track(r) // want "GAI201 .*handed to `s.conns.track`"
}
