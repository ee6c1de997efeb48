// Package echoapi holds echo handlers: echo.Context, c.Request(), its context and
// c.Response() live only as long as the request.
package echoapi

import (
	"context"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

var (
	lastCtx  echo.Context
	lastReq  *http.Request
	lastDone context.Context
	registry sync.Map
	work     = make(chan context.Context, 8)
	lastID   string
)

// API serves every request.
type API struct {
	ctx  echo.Context
	resp *echo.Response
}

// session is made per request (see perRequest): its fields die with it.
type session struct{ c echo.Context }

func (s *session) bind(c echo.Context) { s.c = c }

func chunks(prompt string) []string { return nil }

func stores(c echo.Context) error {
	lastCtx = c                           // want "GAI201 .*package-level `lastCtx`"
	lastReq = c.Request()                 // want "GAI201 .*`lastReq`"
	lastDone = c.Request().Context()      // want "GAI201 .*`lastDone`"
	registry.Store("r", c.Request().Body) // want "GAI201"
	lastID = c.Param("id")                // ok: GAI201 echo's strings are copies
	lastDone = context.TODO()             // ok: GAI201 not the request's
	work <- c.Request().Context()         // want "GAI201 .*sent on `work`"
	return c.String(http.StatusOK, "ok")
}

func replied(c echo.Context) error {
	reply := make(chan string)
	work <- c.Request().Context() // ok: GAI201 the handler waits for the reply
	return c.String(http.StatusOK, <-reply)
}

func (a *API) Handle(c echo.Context) error {
	a.ctx = c             // want "GAI201 .*a.ctx"
	a.resp = c.Response() // want "GAI201 .*c.Response\\(\\)"
	return nil
}

func perRequest(c echo.Context) error {
	s := &session{}
	s.bind(c) // ok: GAI201 a per-request helper
	return nil
}

func background(c echo.Context) error {
	ctx := c.Request().Context()
	go func() {
		<-ctx.Done() // ok: GAI201 watching the request's end only
	}()
	go func() {
		_ = c.Request().Header.Get("x") // want "GAI201 .*fire-and-forget"
	}()
	fresh := context.Background()
	go func() {
		_ = fresh // ok: GAI201 not the request's
	}()
	return nil
}

// The producer feeds the response; a write error (client gone) ends the consumer
// early and strands the producer's bare send.
func stream(c echo.Context) error {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, s := range chunks("p") {
			out <- s // want "GAI103 .*c.Request\\(\\).Context\\(\\)"
		}
	}()
	for s := range out {
		if _, err := c.Response().Write([]byte(s)); err != nil {
			return err
		}
		c.Response().Flush()
	}
	return nil
}

func streamGuarded(c echo.Context) error {
	ctx := c.Request().Context()
	out := make(chan string)
	go func() {
		defer close(out)
		for _, s := range chunks("p") {
			select {
			case out <- s: // ok: GAI103 watches the request context
			case <-ctx.Done():
				return
			}
		}
	}()
	for s := range out {
		if _, err := c.Response().Write([]byte(s)); err != nil {
			return err
		}
	}
	return nil
}

func streamDrained(c echo.Context) error {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, s := range chunks("p") {
			out <- s // ok: GAI103 drained until closed
		}
	}()
	for s := range out {
		_, _ = c.Response().Write([]byte(s))
	}
	return nil
}

func streamSized(c echo.Context) error {
	items := chunks("p")
	out := make(chan string, len(items))
	go func() {
		defer close(out)
		for _, s := range items {
			out <- s // ok: GAI103 the capacity covers every send
		}
	}()
	for s := range out {
		if _, err := c.Response().Write([]byte(s)); err != nil {
			return err
		}
	}
	return nil
}

func routes(e *echo.Echo) {
	e.GET("/x", func(c echo.Context) error {
		lastCtx = c // want "GAI201"
		return nil
	})
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			lastID = c.Request().URL.Path // ok: GAI201 a copied-out string
			return next(c)
		}
	})
}
