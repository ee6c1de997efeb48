// Package fastapi holds fasthttp handlers: *fasthttp.RequestCtx and the bytes read
// from it are reused for the next request once the handler returns.
package fastapi

import (
	"bufio"
	"context"

	"github.com/valyala/fasthttp"
)

var (
	lastCtx  *fasthttp.RequestCtx
	lastBody []byte
	lastPath string
	lastAny  context.Context
	bodies   = make(chan []byte, 8)
	lastID   uint64
	cache    = map[string][]byte{}
)

// Server serves every request.
type Server struct {
	body []byte
	req  *fasthttp.Request
}

func tokens() []string { return nil }

func stores(ctx *fasthttp.RequestCtx) {
	lastCtx = ctx                                     // want "GAI201 .*fasthttp reuses"
	lastBody = ctx.PostBody()                         // want "GAI201 .*ctx.PostBody\\(\\)"
	cache["k"] = ctx.Path()                           // want "GAI201 .*cache"
	lastAny = ctx                                     // want "GAI201"
	bodies <- ctx.PostBody()                          // want "GAI201 .*sent on `bodies`"
	lastPath = string(ctx.Path())                     // ok: GAI201 a conversion copies
	lastBody = append([]byte(nil), ctx.PostBody()...) // ok: GAI201 copied bytes
	lastID = ctx.ID()                                 // ok: GAI201 a number
	lastAny = context.Background()                    // ok: GAI201 not the request's
}

func (s *Server) Handle(ctx *fasthttp.RequestCtx) {
	s.body = ctx.PostBody()                        // want "GAI201 .*s.body"
	s.req = &ctx.Request                           // want "GAI201 .*&ctx.Request"
	s.body = nil                                   // ok: GAI201 nil
	s.body = append(s.body[:0], ctx.PostBody()...) // ok: GAI201 copied into the server's buffer
	lastID = uint64(len(ctx.PostBody()))           // ok: GAI201 a number
}

func background(ctx *fasthttp.RequestCtx) {
	body := ctx.PostBody()
	go func() {
		_ = body // want "GAI201 .*fire-and-forget"
	}()
	copied := string(body)
	go func() {
		_ = copied // ok: GAI201 a copy
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = body // ok: GAI201 the handler waits
	}()
	<-done
}

func stream(ctx *fasthttp.RequestCtx) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens() {
			ch <- t // want "GAI103 .*`ctx`"
		}
	}()
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		for t := range ch {
			_, _ = w.WriteString(t)
			if w.Flush() != nil {
				return
			}
		}
	})
}

func streamGuarded(ctx *fasthttp.RequestCtx) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens() {
			select {
			case ch <- t: // ok: GAI103 watches ctx
			case <-ctx.Done():
				return
			}
		}
	}()
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		for t := range ch {
			_, _ = w.WriteString(t)
		}
	})
}

func serve() error {
	return fasthttp.ListenAndServe(":8080", func(ctx *fasthttp.RequestCtx) {
		lastCtx = ctx // want "GAI201"
	})
}
