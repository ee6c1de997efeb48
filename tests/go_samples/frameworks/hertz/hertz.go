// Package hertzapi holds hertz handlers: func(ctx context.Context, c
// *app.RequestContext); both parameters belong to the request, c.Copy() is detached.
package hertzapi

import (
	"context"
	"sync"

	"github.com/cloudwego/hertz/pkg/app"
)

var (
	lastC   *app.RequestContext
	lastCtx context.Context
	reqs    sync.Map
	jobs    = make(chan *app.RequestContext, 8)
	lastID  string
)

// Service serves every request.
type Service struct {
	c   *app.RequestContext
	ctx context.Context
}

func tokens() []string { return nil }

func stores(ctx context.Context, c *app.RequestContext) {
	lastC = c                      // want "GAI201 .*package-level `lastC`"
	lastCtx = ctx                  // want "GAI201 .*`ctx`"
	reqs.Store("r", &c.Request)    // want "GAI201 .*reqs"
	jobs <- c                      // want "GAI201 .*sent on `jobs`"
	lastID = c.Param("id")         // ok: GAI201 a string copied by hertz
	lastCtx = context.Background() // ok: GAI201 not the request's
	jobs <- c.Copy()               // ok: GAI201 hertz's detached copy
}

func (s *Service) Handle(ctx context.Context, c *app.RequestContext) {
	s.c = c                                // want "GAI201 .*s.c"
	s.ctx = ctx                            // want "GAI201 .*s.ctx"
	s.c = c.Copy()                         // want "GAI201"
	s.ctx = context.Background()           // ok: GAI201 not the request's
	reqs.Store("n", len(c.Request.Body())) // ok: GAI201 a number
}

func background(ctx context.Context, c *app.RequestContext) {
	go func() {
		_ = c.Param("id") // want "GAI201 .*fire-and-forget"
	}()
	cp := c.Copy()
	go func() {
		_ = cp.Param("id") // ok: GAI201 detached copy
	}()
	go func() {
		<-ctx.Done() // ok: GAI201 only watches the request's end
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = c.Param("id") // ok: GAI201 awaited
	}()
	wg.Wait()
}

func stream(ctx context.Context, c *app.RequestContext) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens() {
			ch <- t // want "GAI103 .*`ctx`"
		}
	}()
	for t := range ch {
		if t == "" {
			return
		}
		c.String(200, "%s", t)
	}
}

func streamGuarded(ctx context.Context, c *app.RequestContext) {
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
	for t := range ch {
		if t == "" {
			return
		}
		c.String(200, "%s", t)
	}
}

func register(h func(string, app.HandlerFunc)) {
	h("/x", func(ctx context.Context, c *app.RequestContext) {
		lastC = c // want "GAI201"
	})
	h("/y", func(ctx context.Context, c *app.RequestContext) {
		lastID = string(c.Request.Body()) // ok: GAI201 a conversion copies
	})
}
