// Package detached holds handlers using context.WithoutCancel (Go 1.21): a detached
// context may outlive the request in goroutines and queues, but not in globals or fields.
package detached

import (
	"context"
	"net/http"
	"sync"
)

type Job struct{ Ctx context.Context }

var (
	saved    context.Context
	inflight sync.Map
	jobs     = make(chan Job, 8)
)

type Server struct {
	ctx  context.Context
	jobs []Job
}

func work(ctx context.Context) { _ = ctx }

func storeDetached(w http.ResponseWriter, r *http.Request) {
	saved = context.WithoutCancel(r.Context()) // want "GAI201"
}

func swapDetached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	inflight.Swap("last", ctx) // want "GAI201"
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.ctx = context.WithoutCancel(r.Context())                            // want "GAI201"
	s.jobs = append(s.jobs, Job{Ctx: context.WithoutCancel(r.Context())}) // want "GAI201"
}

func swapRequest(w http.ResponseWriter, r *http.Request) {
	inflight.Swap("req", r) // want "GAI201"
}

func goroutineDetached(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go work(ctx) // ok: GAI201 detached context in a goroutine
	go func() {
		work(ctx) // ok: GAI201 detached context captured
	}()
}

func sendDetached(w http.ResponseWriter, r *http.Request) {
	jobs <- Job{Ctx: context.WithoutCancel(r.Context())} // ok: GAI201 detached context on a queue
}

type canceler interface {
	Cancel(ctx context.Context) error
}

// cancelUpstream waits for the request to end, then cancels upstream work with a
// detached context: the goroutine only watches and detaches the request context.
func cancelUpstream(w http.ResponseWriter, r *http.Request, up canceler) {
	ctx := r.Context()
	go func() {
		<-ctx.Done()
		_ = up.Cancel(context.WithoutCancel(ctx)) // ok: GAI201 detached with context.WithoutCancel (fine for case 3)
	}()
	w.WriteHeader(http.StatusAccepted)
}
