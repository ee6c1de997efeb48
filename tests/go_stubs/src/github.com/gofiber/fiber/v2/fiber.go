// Package fiber mirrors the parts of github.com/gofiber/fiber/v2 the samples use.
package fiber

import (
	"context"

	"github.com/valyala/fasthttp"
)

// Ctx is the context of a fiber handler. The strings and byte slices it returns are
// reused once the handler returns.
type Ctx struct{}

// Handler is a fiber handler.
type Handler func(*Ctx) error

// Context returns the underlying fasthttp request context.
func (c *Ctx) Context() *fasthttp.RequestCtx { return nil }

// UserContext returns the context set by the user, or context.Background.
func (c *Ctx) UserContext() context.Context { return context.Background() }

// Body returns the request body.
func (c *Ctx) Body() []byte { return nil }

// Params returns a route parameter.
func (c *Ctx) Params(key string, defaultValue ...string) string { return "" }

// Query returns a query parameter.
func (c *Ctx) Query(key string, defaultValue ...string) string { return "" }

// Get returns a request header.
func (c *Ctx) Get(key string, defaultValue ...string) string { return "" }

// Method returns the request method.
func (c *Ctx) Method(override ...string) string { return "" }

// SendString writes a text response.
func (c *Ctx) SendString(body string) error { return nil }

// JSON writes a JSON response.
func (c *Ctx) JSON(data interface{}) error { return nil }

// Next runs the next handler.
func (c *Ctx) Next() error { return nil }

// App is a router.
type App struct{}

// New returns a router.
func New() *App { return &App{} }

// Get registers a handler.
func (a *App) Get(path string, handlers ...Handler) {}

// Post registers a handler.
func (a *App) Post(path string, handlers ...Handler) {}

// Use registers middleware.
func (a *App) Use(args ...interface{}) {}
