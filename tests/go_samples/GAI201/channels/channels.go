// Package channels holds handlers sending their request to workers without waiting.
package channels

import (
	"context"
	"io"
	"net/http"
	nh "net/http"
	"sync"
	"time"
)

type Job struct {
	Ctx    context.Context
	Req    *http.Request
	Body   io.ReadCloser
	Path   string
	Method string
	Reply  chan string
}

type ctxKey struct{}

var (
	jobs    = make(chan Job, 16)
	jobPtrs = make(chan *Job, 16)
	reqs    = make(chan *http.Request, 16)
	ctxs    = make(chan context.Context, 16)
	bodies  = make(chan io.ReadCloser, 16)
	batches = make(chan []*http.Request, 16)
	paths   = make(chan string, 16)
	cancels = make(chan context.CancelFunc, 16)
	values  = make(chan interface{}, 16)
	sizes   = make(chan int, 16)
)

func sendRequest(w http.ResponseWriter, r *http.Request) {
	reqs <- r // want "GAI201 .*sent on `reqs`"
}

func sendJob(w http.ResponseWriter, r *http.Request) {
	jobs <- Job{Ctx: r.Context()} // want "GAI201 .*r.Context\\(\\)"
}

func sendJobPtr(w http.ResponseWriter, r *http.Request) {
	jobPtrs <- &Job{Req: r} // want "GAI201"
}

func sendDerived(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	_ = cancel
	ctxs <- ctx // want "GAI201"
}

func sendBody(w http.ResponseWriter, r *http.Request) {
	bodies <- r.Body // want "GAI201 .*r.Body"
}

func sendInSelect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	select {
	case jobs <- Job{Ctx: ctx}: // want "GAI201"
	case <-ctx.Done():
		return
	}
}

func sendWithContext(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(r.Context(), ctxKey{}, 1)
	reqs <- r.WithContext(ctx) // want "GAI201"
}

func sendClone(w http.ResponseWriter, r *http.Request) {
	req := r.Clone(r.Context())
	reqs <- req // want "GAI201 .*`req`"
}

func sendSlice(w http.ResponseWriter, r *http.Request) {
	batches <- []*http.Request{r} // want "GAI201"
}

type Server struct{ queue chan *Job }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	job := &Job{Body: r.Body, Path: r.URL.Path}
	s.queue <- job // want "GAI201 .*`job`"
}

func register(mux *nh.ServeMux) {
	mux.HandleFunc("/enqueue", func(w nh.ResponseWriter, r *nh.Request) {
		jobs <- Job{Ctx: r.Context()} // want "GAI201"
	})
}

func localChannel(w http.ResponseWriter, r *http.Request) {
	ch := make(chan *http.Request, 1)
	ch <- r // want "GAI201"
	go func() { _ = 1 }()
}

// Near misses.

func replyAwaited(w http.ResponseWriter, r *http.Request) {
	reply := make(chan string, 1)
	jobs <- Job{Ctx: r.Context(), Reply: reply} // ok: GAI201 the handler waits for the reply
	_, _ = io.WriteString(w, <-reply)
}

func replySelect(w http.ResponseWriter, r *http.Request) {
	reply := make(chan string, 1)
	jobs <- Job{Ctx: r.Context(), Reply: reply} // ok: GAI201 the handler waits in a select
	select {
	case s := <-reply:
		_, _ = io.WriteString(w, s)
	case <-r.Context().Done():
	}
}

func waitGroup(w http.ResponseWriter, r *http.Request, wg *sync.WaitGroup) {
	wg.Add(1)
	reqs <- r // ok: GAI201 the handler waits with wg.Wait()
	wg.Wait()
}

func inLoop(w http.ResponseWriter, r *http.Request, parts []string, done chan bool) {
	for range parts {
		jobs <- Job{Ctx: r.Context()} // ok: GAI201 each send is awaited in the loop
		<-done
	}
}

func copies(w http.ResponseWriter, r *http.Request) {
	paths <- r.URL.Path                             // ok: GAI201 a copied string
	jobs <- Job{Path: r.URL.Path, Method: r.Method} // ok: GAI201 copied values only
	values <- r.Context().Value(ctxKey{})           // ok: GAI201 a value read from the context
	sizes <- len(r.Header)                          // ok: GAI201 a number
	values <- r.Header.Get("X-Request-Id")          // ok: GAI201 a header string
	ctxs <- context.Background()                    // ok: GAI201 a fresh context
	data, _ := io.ReadAll(r.Body)
	values <- data // ok: GAI201 the bytes read
	_, cancel := context.WithCancel(r.Context())
	cancels <- cancel // ok: GAI201 only the cancel function
}

func notHandler(ctx context.Context) {
	ctxs <- ctx // ok: GAI201 not a handler
}

func shadowed(w http.ResponseWriter, r *http.Request) {
	if r := "x"; r != "" {
		paths <- r // ok: GAI201 r is a string here
	}
}

func sendThenRange(w http.ResponseWriter, r *http.Request) {
	results := make(chan string)
	jobs <- Job{Ctx: r.Context(), Reply: results} // ok: GAI201 the handler receives the results
	for s := range results {
		_, _ = io.WriteString(w, s)
	}
}

func goroutineSends(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		reqs <- r // ok: GAI201 inside an awaited goroutine
	}()
	wg.Wait()
}
