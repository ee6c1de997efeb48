// Package goroutines holds handlers whose fire-and-forget goroutines use the request.
package goroutines

import (
	"context"
	"fmt"
	"io"
	"net/http"
	web "net/http"
	"sync"
	"time"
)

type Job struct{ Ctx context.Context }

type ctxKey struct{}

func work(ctx context.Context)           { _ = ctx }
func run(j *Job)                         { _ = j }
func send(r *http.Request)               { _ = r }
func process(ctx context.Context, n int) { _ = ctx }
func logf(format string, args ...interface{}) {
	fmt.Printf(format, args...)
}

func captured(w http.ResponseWriter, r *http.Request) {
	go func() {
		work(r.Context()) // want "GAI201 .*goroutine \\(line 27\\) uses `r`"
	}()
}

func capturedCtx(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		work(ctx) // want "GAI201 .*`ctx`.*r.Context\\(\\)"
	}()
}

func namedCall(w http.ResponseWriter, r *http.Request) {
	go work(r.Context()) // want "GAI201"
}

type Server struct{}

func (s *Server) process(ctx context.Context, n int) { _ = ctx }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go s.process(ctx, 1) // want "GAI201"
}

func literalArg(w http.ResponseWriter, r *http.Request) {
	go func(c context.Context) {
		work(c) // want "GAI201 .*`c`"
	}(r.Context())
}

func copyBody(w http.ResponseWriter, r *http.Request) {
	go func() {
		_, _ = io.Copy(io.Discard, r.Body) // want "GAI201"
	}()
}

func bodyVar(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	go func() {
		_ = body.Close() // want "GAI201 .*r.Body"
	}()
}

func derivedCtx(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	go func() {
		defer cancel()
		work(ctx) // want "GAI201"
	}()
}

func compositeJob(w http.ResponseWriter, r *http.Request) {
	job := &Job{Ctx: r.Context()}
	go run(job) // want "GAI201 .*`job`"
}

func register(mux *web.ServeMux) {
	mux.HandleFunc("/bg", func(w web.ResponseWriter, r *web.Request) {
		go func() {
			logf("%s", r.URL.Path) // want "GAI201"
		}()
	})
}

func nested(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		go func() {
			work(ctx) // want "GAI201"
		}()
	}()
}

func withContext(w http.ResponseWriter, r *http.Request) {
	req := r.WithContext(context.WithValue(r.Context(), ctxKey{}, 1))
	go send(req) // want "GAI201"
}

// Near misses.

func awaitedWG(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(r.Context()) // ok: GAI201 awaited by wg.Wait()
	}()
	wg.Wait()
}

func awaitedDeferred(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(r.Context()) // ok: GAI201 awaited by the deferred wg.Wait()
	}()
}

func awaitedChannel(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work(r.Context()) // ok: GAI201 awaited by <-done
	}()
	<-done
}

func awaitedSelect(w http.ResponseWriter, r *http.Request) {
	errc := make(chan error, 1)
	go func() {
		work(r.Context()) // ok: GAI201 awaited by the select receive
		errc <- nil
	}()
	select {
	case <-errc:
	case <-time.After(time.Second):
	}
}

func copiedPath(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() {
		logf("%s", path) // ok: GAI201 a copied string
	}()
}

func background(w http.ResponseWriter, r *http.Request) {
	go work(context.Background()) // ok: GAI201 a fresh context
}

func synchronous(w http.ResponseWriter, r *http.Request) {
	work(r.Context()) // ok: GAI201 a synchronous call
}

func argCopy(w http.ResponseWriter, r *http.Request) {
	go func(p string) {
		logf("%s", p) // ok: GAI201 the copied path is passed
	}(r.URL.Path)
}

func shadowedInside(w http.ResponseWriter, r *http.Request) {
	go func() {
		r := "not the request"
		logf("%s", r) // ok: GAI201 shadowed inside the literal
	}()
}

func notHandler(ctx context.Context) {
	go work(ctx) // ok: GAI201 not a handler
}

func contextValue(w http.ResponseWriter, r *http.Request) {
	val := r.Context().Value(ctxKey{})
	go logf("%v", val) // ok: GAI201 a value read from the context
}

func readBody(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	go logf("%d", len(data)) // ok: GAI201 the bytes read
}

func unrelated(w http.ResponseWriter, r *http.Request) {
	go func() {
		logf("tick") // ok: GAI201 nothing from the request
	}()
}

func cancelOnly(w http.ResponseWriter, r *http.Request) {
	_, cancel := context.WithCancel(r.Context())
	go func() {
		time.Sleep(time.Second)
		cancel() // ok: GAI201 the cancel function is not the request
	}()
}

func awaitedNamed(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		process(r.Context(), 1) // ok: GAI201 awaited
	}()
	wg.Wait()
}

func watcher(w http.ResponseWriter, r *http.Request, stop chan struct{}) {
	ctx := r.Context()
	go func() {
		select {
		case <-ctx.Done(): // ok: GAI201 only watches for the request's end
		case <-stop:
		}
	}()
	go func() {
		<-r.Context().Done() // ok: GAI201 only watches for the request's end
		close(stop)
	}()
}

func listenEvents(ctx context.Context, out chan<- []byte) {
	defer close(out)
	<-ctx.Done()
}

// streamEvents drains the reply channel in a second goroutine: that range waits for
// nothing on the handler's behalf, so the listener outlives the request.
func streamEvents(w http.ResponseWriter, r *http.Request) {
	events := make(chan []byte, 100)
	go listenEvents(r.Context(), events) // want "GAI201"
	go func() {
		for data := range events {
			fmt.Fprint(w, string(data))
		}
	}()
	fmt.Fprint(w, "subscribed")
}

// streamEventsInline drains the reply channel in the handler itself.
func streamEventsInline(w http.ResponseWriter, r *http.Request) {
	events := make(chan []byte, 100)
	go listenEvents(r.Context(), events) // ok: GAI201 the handler ranges over the channel until the listener closes it
	for data := range events {
		fmt.Fprint(w, string(data))
	}
}
