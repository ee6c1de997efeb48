// Package ginapi holds gin handlers: the *gin.Context, c.Request and its context live
// only as long as the request; c.Copy() is gin's detached copy.
package ginapi

import (
	"context"
	"io"
	"sync"
	"time"

	g "github.com/gin-gonic/gin"
)

type job struct {
	ctx    context.Context
	prompt string
}

var (
	lastCtx  *g.Context
	lastReq  context.Context
	pending  sync.Map
	queue    = make(chan job, 16)
	lastPath string
)

// Server's methods serve every request: its fields outlive them.
type Server struct {
	current *g.Context
	body    io.Reader
	keys    map[string]any
}

func generate(ctx context.Context, prompt string, emit func(string)) error { return nil }

func tokens(prompt string) []string { return nil }

func stores(c *g.Context) {
	lastCtx = c                      // want "GAI201 .*package-level `lastCtx`"
	lastReq = c.Request.Context()    // want "GAI201 .*c.Request.Context()"
	pending.Store(c.Param("id"), c)  // want "GAI201 .*pending"
	lastPath = c.Request.URL.Path    // ok: GAI201 a copied-out string
	pending.Store("copy", c.Copy())  // want "GAI201"
	lastReq = context.Background()   // ok: GAI201 not the request's
	queue <- job{ctx: c, prompt: ""} // want "GAI201 .*sent on `queue`"
}

func (s *Server) remember(c *g.Context) {
	s.current = c                              // want "GAI201 .*field of the handler's receiver"
	s.body = c.Request.Body                    // want "GAI201 .*c.Request.Body"
	s.keys = c.Keys                            // want "GAI201 .*c.Keys"
	s.keys = map[string]any{}                  // ok: GAI201 a fresh map
	s.body = io.LimitReader(c.Request.Body, 1) // ok: GAI201 a value computed from the body is not the body
}

func background(c *g.Context) {
	go func() {
		_ = c.Param("id") // want "GAI201 .*fire-and-forget goroutine"
	}()
	cp := c.Copy()
	go func() {
		_ = cp.Param("id") // ok: GAI201 gin's detached copy
	}()
	go func(ctx context.Context) {
		<-ctx.Done() // ok: GAI201 watching the request's end only
	}(c.Request.Context())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = c.Param("id") // ok: GAI201 the handler waits
	}()
	wg.Wait()
}

// A helper whose callers hand it the request's context, and that keeps it.
func keep(ctx context.Context) { lastReq = ctx }

// A helper that derives a context from its argument.
func withBudget(ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	_ = cancel
	return ctx
}

func acrossCalls(c *g.Context) {
	keep(c.Request.Context()) // want "GAI201 .*handed to `keep`"
	ctx := withBudget(c)
	lastReq = ctx              // want "GAI201 .*package-level `lastReq`"
	keep(context.Background()) // ok: GAI201 not the request's
}

// The commonest leak in a gin model server: the producer does bare sends while
// c.Stream stops calling its step as soon as the client goes away.
func streamTokens(c *g.Context) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens(c.Query("q")) {
			ch <- t // want "GAI103 .*c.Request.Context()"
		}
	}()
	c.Stream(func(w io.Writer) bool {
		for t := range ch {
			c.SSEvent("token", t)
			return true
		}
		return false
	})
}

// A token callback runs once per token: its send is a send in a loop.
func streamCallback(c *g.Context) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		_ = generate(c, "p", func(tok string) {
			ch <- tok // want "GAI103"
		})
	}()
	c.Stream(func(w io.Writer) bool {
		for t := range ch {
			c.SSEvent("token", t)
		}
		return false
	})
}

// Guarded sends and consumers that drain: near misses.
func streamGuarded(c *g.Context) {
	ctx := c.Request.Context()
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens("p") {
			select {
			case ch <- t: // ok: GAI103 watches the request context
			case <-ctx.Done():
				return
			}
		}
	}()
	c.Stream(func(w io.Writer) bool {
		t, ok := <-ch
		if ok {
			c.SSEvent("token", t)
		}
		return ok
	})
}

func streamDrained(c *g.Context) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens("p") {
			ch <- t // ok: GAI103 the handler ranges over ch until it is closed
		}
	}()
	for t := range ch {
		c.SSEvent("token", t)
	}
}

func streamOnce(c *g.Context) {
	var once sync.Once
	ch := make(chan string, 1)
	go func() {
		once.Do(func() {
			ch <- "only" // ok: GAI103 called at most once
		})
	}()
	c.String(200, "%s", <-ch)
}

func routes(r *g.Engine) {
	r.GET("/inline", func(c *g.Context) {
		lastCtx = c // want "GAI201"
	})
	r.Use(func(c *g.Context) {
		lastPath = c.Param("id") // ok: GAI201 gin's strings are not reused
	})
}
