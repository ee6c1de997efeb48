// Package fields holds handler methods storing their request into the receiver.
package fields

import (
	"context"
	"io"
	h "net/http"
	"sync"
)

type Job struct {
	Ctx context.Context
}

type cursor struct{ req *h.Request }

type Server struct {
	last     *h.Request
	ctx      context.Context
	cancel   context.CancelFunc
	reqs     map[string]*h.Request
	list     []*h.Request
	bodies   []io.ReadCloser
	m        sync.Map
	jobs     []*Job
	cur      cursor
	lastPath string
	count    int
	hits     map[string]int
	lastBody []byte
	bg       context.Context
	val      interface{}
	headers  h.Header
	ua       string
}

type ctxKey struct{}

func (s *Server) ServeHTTP(w h.ResponseWriter, r *h.Request) {
	s.last = r // want "GAI201 .*`s.last`, a field of the handler's receiver"
}

func (s *Server) storeCtx(w h.ResponseWriter, r *h.Request) {
	s.ctx = r.Context() // want "GAI201 .*r.Context\\(\\)"
}

func (s *Server) mapField(w h.ResponseWriter, r *h.Request) {
	s.reqs[r.URL.Path] = r // want "GAI201"
}

func (s *Server) appendField(w h.ResponseWriter, r *h.Request) {
	s.list = append(s.list, r) // want "GAI201"
}

func (s *Server) appendBody(w h.ResponseWriter, r *h.Request) {
	s.bodies = append(s.bodies, r.Body) // want "GAI201 .*r.Body"
}

func (s *Server) syncMapField(w h.ResponseWriter, r *h.Request) {
	s.m.Store(r.URL.Path, r) // want "GAI201"
}

func (s *Server) routes(mux *h.ServeMux) {
	mux.HandleFunc("/x", func(w h.ResponseWriter, r *h.Request) {
		s.last = r.WithContext(context.Background()) // want "GAI201"
	})
}

func (s *Server) derivedJob(w h.ResponseWriter, r *h.Request) {
	ctx := context.WithValue(r.Context(), ctxKey{}, "v")
	s.jobs = append(s.jobs, &Job{Ctx: ctx}) // want "GAI201"
}

func (s *Server) nestedField(w h.ResponseWriter, r *h.Request) {
	s.cur.req = r // want "GAI201 .*s.cur.req"
}

func (s *Server) contextAndCancel(w h.ResponseWriter, r *h.Request) {
	s.ctx, s.cancel = context.WithCancel(r.Context()) // want "GAI201"
}

func (srv *Server) otherName(w h.ResponseWriter, req *h.Request) {
	clone := req.Clone(req.Context())
	srv.last = clone // want "GAI201 .*request `req`"
}

type ValueServer struct {
	byID map[string]*h.Request
	last *h.Request
}

func (v ValueServer) ServeHTTP(w h.ResponseWriter, r *h.Request) {
	v.byID[r.URL.Path] = r // want "GAI201"
	v.last = r             // ok: GAI201 a field of the value receiver's copy
}

// Near misses.

func (s *Server) copies(w h.ResponseWriter, r *h.Request) {
	s.lastPath = r.URL.Path             // ok: GAI201 copied string
	s.count++                           // ok: GAI201 no request value
	s.hits[r.URL.Path]++                // ok: GAI201 copied key
	s.bg = context.Background()         // ok: GAI201 fresh context
	s.val = r.Context().Value(ctxKey{}) // ok: GAI201 a value read from the context
	s.headers = r.Header.Clone()        // ok: GAI201 a copy of the headers
	s.ua = r.UserAgent()                // ok: GAI201 copied string
	s.m.Store("path", r.URL.Path)       // ok: GAI201 copied string in the sync.Map
	s.lastBody, _ = io.ReadAll(r.Body)  // ok: GAI201 the bytes read, not the body
	_, cancel := context.WithCancel(r.Context())
	s.cancel = cancel // ok: GAI201 only the cancel function
}

func (s *Server) localStruct(w h.ResponseWriter, r *h.Request) {
	st := &cursor{}
	st.req = r // ok: GAI201 a local struct
	_ = st
}

func (s *Server) shadowedReceiver(w h.ResponseWriter, r *h.Request) {
	if s := (&Server{}); s.count == 0 {
		s.last = r // ok: GAI201 s is a local here, not the receiver
	}
}

func handleFunc(s *Server, w h.ResponseWriter, r *h.Request) {
	s.lastPath = r.URL.Path // ok: GAI201 not a method, and a copied value
}

func (s *Server) notHandler(ctx context.Context) {
	s.ctx = ctx // ok: GAI201 no *http.Request parameter
}

func (s *Server) param(w h.ResponseWriter, r *h.Request, c *cursor) {
	c.req = r // ok: GAI201 a parameter's field, not the receiver's
}

type recordingTransport struct{ req *h.Request }

func (t *recordingTransport) RoundTrip(req *h.Request) (*h.Response, error) {
	t.req = req // ok: GAI201 a RoundTripper is client side, not a handler
	return nil, nil
}

// form is built for one request: binding the request into it keeps nothing alive
// beyond the request.
type form struct {
	ctx   context.Context
	bound bool
}

func (f *form) bind(r *h.Request) bool {
	f.bound = true
	f.ctx = r.Context() // ok: GAI201 a per-request helper's receiver, not a handler's
	return true
}

func createHandler(w h.ResponseWriter, r *h.Request) {
	f := &form{}
	if !f.bind(r) {
		h.Error(w, "bad form", h.StatusBadRequest)
	}
}
