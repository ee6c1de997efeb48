// Package helpers holds per-request helper types: a handler makes a fresh value and
// hands it the request, so the value's fields live as long as the request.
package helpers

import (
	"context"
	"io"
	"net/http"
)

type capture struct{ body io.ReadCloser } // one per request

func (c *capture) renew(w http.ResponseWriter, r *http.Request) *http.Request {
	c.body = r.Body // ok: GAI201 capture is made per request
	return r
}

func Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &capture{}
		next.ServeHTTP(w, c.renew(w, r))
	})
}

type recorder struct {
	w   http.ResponseWriter
	req *http.Request
}

func (rec *recorder) track(w http.ResponseWriter, r *http.Request) {
	rec.req = r // ok: GAI201 a recorder is made per request with new()
}

func Logged(w http.ResponseWriter, r *http.Request) {
	rec := new(recorder)
	rec.track(w, r)
}

func Inline(w http.ResponseWriter, r *http.Request) {
	(&recorder{w: w}).track(w, r)
}

// Server values outlive requests: a handler method storing the request leaks it.
type Server struct {
	last *http.Request
	mux  *http.ServeMux
}

func NewServer() *Server {
	s := &Server{mux: http.NewServeMux()}
	s.mux.HandleFunc("/", s.handle)
	return s
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	s.last = r // want "GAI201 .*`s.last`, a field of the handler's receiver"
}

// A type made inside a handler but never handed the request there is not a helper.
type cache struct{ last *http.Request }

func (c *cache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.last = r // want "GAI201 .*`c.last`"
}

func Build(w http.ResponseWriter, r *http.Request) {
	c := &cache{}
	_ = c
}

// The goroutine cancels the context the handler waits on: the handler returns only
// after the goroutine is done with the body.
func Upload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	go func() {
		defer cancel()
		_, _ = io.Copy(io.Discard, r.Body) // ok: GAI201 the handler waits on ctx.Done, which this goroutine closes
	}()
	<-ctx.Done()
}

// Without the wait the same goroutine reads the body after the handler returned.
func UploadNoWait(w http.ResponseWriter, r *http.Request) {
	_, cancel := context.WithCancel(r.Context())
	go func() {
		defer cancel()
		_, _ = io.Copy(io.Discard, r.Body) // want "GAI201 .*`r`"
	}()
}
