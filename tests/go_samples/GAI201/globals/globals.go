// Package globals holds handlers storing their request into package-level state.
package globals

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

type Job struct {
	Ctx  context.Context
	Path string
}

type Meta struct{ Ctx context.Context }

type Wrapped struct{ Meta Meta }

type state struct {
	req  *http.Request
	hits int
}

type ctxKey struct{}

type store struct{}

func (store) Store(k, v interface{}) {}

var (
	lastRequest *http.Request
	lastCtx     context.Context
	bodies      []io.ReadCloser
	pending     = map[string]*http.Request{}
	reqs        = make([]*http.Request, 4)
	inflight    sync.Map
	ctxs        = &sync.Map{}
	lastJob     *Job
	saved       context.Context
	current     state
	wrapped     []Wrapped
	cloned      *http.Request

	lastPath   string
	lastUA     string
	lastBody   []byte
	lastVal    interface{}
	counter    int
	cancelFn   context.CancelFunc
	bg         context.Context
	lastLen    int64
	lastMethod string
	info       Job
	custom     store
)

func storeRequest(w http.ResponseWriter, r *http.Request) {
	lastRequest = r // want "GAI201 .*package-level `lastRequest`"
}

func storeContext(w http.ResponseWriter, r *http.Request) {
	lastCtx = r.Context() // want "GAI201 .*r.Context\\(\\)"
}

func appendBody(w http.ResponseWriter, r *http.Request) {
	bodies = append(bodies, r.Body) // want "GAI201 .*r.Body"
}

func mapElement(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	pending[id] = r // want "GAI201 .*pending\\[id\\]"
}

func sliceElement(w http.ResponseWriter, r *http.Request) {
	reqs[0] = r // want "GAI201"
}

func syncMapStore(w http.ResponseWriter, r *http.Request) {
	inflight.Store(r.URL.Path, r) // want "GAI201 .*inflight"
}

func syncMapLoadOrStore(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ctxs.LoadOrStore(r.URL.Path, ctx) // want "GAI201"
}

func syncMapWithContext(w http.ResponseWriter, r *http.Request) {
	req := r.WithContext(context.WithValue(r.Context(), ctxKey{}, 1))
	inflight.Store("last", req) // want "GAI201"
}

func composite(w http.ResponseWriter, r *http.Request) {
	lastJob = &Job{Ctx: r.Context(), Path: r.URL.Path} // want "GAI201 .*lastJob"
}

func derived(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	saved = ctx // want "GAI201 .*`ctx`"
}

func structField(w http.ResponseWriter, r *http.Request) {
	current.req = r // want "GAI201 .*current.req"
}

func propagated(w http.ResponseWriter, r *http.Request) {
	req := r
	x := req
	lastRequest = x // want "GAI201"
}

func nestedComposite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	wrapped = append(wrapped, Wrapped{Meta: Meta{Ctx: ctx}}) // want "GAI201"
}

func register() {
	http.HandleFunc("/clone", func(w http.ResponseWriter, r *http.Request) {
		cloned = r.Clone(context.Background()) // want "GAI201"
	})
}

// Near misses: values copied out of the request, locals, non-handlers.

func copies(w http.ResponseWriter, r *http.Request) {
	lastPath = r.URL.Path                 // ok: GAI201 a copied string
	lastUA = r.Header.Get("User-Agent")   // ok: GAI201 a copied header value
	lastVal = r.Context().Value(ctxKey{}) // ok: GAI201 a value read from the context
	lastLen = r.ContentLength             // ok: GAI201 a copied number
	lastMethod = r.Method                 // ok: GAI201 a copied string
	info = Job{Path: r.URL.Path}          // ok: GAI201 a composite of copied values
	inflight.Store("path", r.URL.Path)    // ok: GAI201 a copied string in the sync.Map
	custom.Store("req", r)                // ok: GAI201 not a sync.Map
	counter++                             // ok: GAI201 no request value
	bg = context.Background()             // ok: GAI201 a fresh context
	data, _ := io.ReadAll(r.Body)         // ok: GAI201 local
	lastBody = data                       // ok: GAI201 the bytes read, not the body
	locals := map[string]*http.Request{}  // ok: GAI201 local map
	locals["a"] = r                       // ok: GAI201 stored in a local map
	_, cancel := context.WithCancel(r.Context())
	cancelFn = cancel // ok: GAI201 only the cancel function escapes
}

func shadowed(w http.ResponseWriter, r *http.Request) {
	lastRequest := r // ok: GAI201 a local shadows the package variable
	_ = lastRequest
}

func notHandler(ctx context.Context) {
	saved = ctx // ok: GAI201 no *http.Request parameter here
}

type Request struct{ ID string }

func localRequestType(r *Request) {
	lastPath = r.ID // ok: GAI201 not net/http's Request
}
