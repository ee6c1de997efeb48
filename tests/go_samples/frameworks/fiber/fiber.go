// Package fiberapi holds fiber handlers. fiber reuses a request's memory once the
// handler returns: the strings and byte slices read from c are request-lifetime values.
package fiberapi

import (
	"bufio"
	"context"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/valyala/fasthttp"
)

var (
	lastID    string
	lastBody  []byte
	lastCtx   context.Context
	byUser    = map[string][]byte{}
	seen      sync.Map
	audit     = make(chan string, 64)
	lastCount int
)

// Handlers serve every request.
type Handlers struct {
	user string
	ctx  *fiber.Ctx
}

func tokens(prompt string) []string { return nil }

func stores(c *fiber.Ctx) error {
	lastID = c.Params("id")                       // want "GAI201 .*fiber reuses the request's memory"
	lastBody = c.Body()                           // want "GAI201 .*c.Body\\(\\)"
	byUser["u"] = c.Body()                        // want "GAI201 .*byUser"
	seen.Store("q", c.Query("q"))                 // want "GAI201 .*seen"
	lastCtx = c.UserContext()                     // want "GAI201 .*c.UserContext\\(\\)"
	audit <- c.Get("X-User")                      // want "GAI201 .*sent on `audit`"
	lastID = utils.CopyString(c.Params("id"))     // ok: GAI201 fiber's sanctioned copy
	lastBody = append([]byte(nil), c.Body()...)   // ok: GAI201 copied bytes
	lastID = string(c.Body())                     // ok: GAI201 a conversion copies
	lastCount = len(c.Body())                     // ok: GAI201 a number
	byUser[utils.CopyString(c.Params("u"))] = nil // ok: GAI201 nothing of the request is kept
	return nil
}

func (h *Handlers) Profile(c *fiber.Ctx) error {
	h.user = c.Params("user") // want "GAI201 .*h.user"
	h.ctx = c                 // want "GAI201 .*h.ctx"
	h.user = c.Method()       // ok: GAI201 not a request-lifetime value in the table
	return nil
}

func background(c *fiber.Ctx) error {
	id := c.Params("id")
	go func() {
		_ = id // want "GAI201 .*fire-and-forget"
	}()
	copied := utils.CopyString(c.Params("id"))
	go func() {
		_ = copied // ok: GAI201 a copy
	}()
	return nil
}

// fasthttp runs the stream writer after the handler returned; the producer's bare
// send is stranded when a flush fails because the client went away.
func stream(c *fiber.Ctx) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens("p") {
			ch <- t // want "GAI103 .*c.Context\\(\\)"
		}
	}()
	c.Context().SetBodyStreamWriter(fasthttp.StreamWriter(func(w *bufio.Writer) {
		for t := range ch {
			_, _ = w.WriteString(t)
			if err := w.Flush(); err != nil {
				return
			}
		}
	}))
	return nil
}

func streamGuarded(c *fiber.Ctx) error {
	ctx := c.UserContext()
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens("p") {
			select {
			case ch <- t: // ok: GAI103 watches a context
			case <-ctx.Done():
				return
			}
		}
	}()
	c.Context().SetBodyStreamWriter(fasthttp.StreamWriter(func(w *bufio.Writer) {
		for t := range ch {
			_, _ = w.WriteString(t)
		}
	}))
	return nil
}

func streamDrained(c *fiber.Ctx) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens("p") {
			ch <- t // ok: GAI103 the handler drains ch until it is closed
		}
	}()
	var out []string
	for t := range ch {
		out = append(out, t)
	}
	return c.JSON(out)
}

func routes(app *fiber.App) {
	app.Get("/x", func(c *fiber.Ctx) error {
		lastID = c.Params("x") // want "GAI201"
		return nil
	})
	app.Use(func(c *fiber.Ctx) error {
		lastCount++ // ok: GAI201 nothing of the request
		return c.Next()
	})
}
