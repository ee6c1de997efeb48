// Package gin mirrors the parts of github.com/gin-gonic/gin the samples use.
package gin

import (
	"io"
	"net/http"
	"time"
)

// H is a shortcut for map[string]any.
type H map[string]any

// ResponseWriter is the response of a gin handler.
type ResponseWriter interface {
	http.ResponseWriter
	http.Flusher
}

// Context carries a request through the handlers; it is a context.Context.
type Context struct {
	Request *http.Request
	Writer  ResponseWriter
	Keys    map[string]any
}

// HandlerFunc is a gin handler.
type HandlerFunc func(*Context)

// Copy returns a copy of the context that is safe to use outside the request.
func (c *Context) Copy() *Context { return &Context{} }

// Param returns the value of a URL parameter.
func (c *Context) Param(key string) string { return "" }

// Query returns a URL query value.
func (c *Context) Query(key string) string { return "" }

// JSON writes a JSON response.
func (c *Context) JSON(code int, obj any) {}

// String writes a text response.
func (c *Context) String(code int, format string, values ...any) {}

// SSEvent writes a server-sent event.
func (c *Context) SSEvent(name string, message any) {}

// Stream calls step until it returns false or the client goes away.
func (c *Context) Stream(step func(w io.Writer) bool) bool { return false }

// Deadline implements context.Context.
func (c *Context) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done implements context.Context.
func (c *Context) Done() <-chan struct{} { return nil }

// Err implements context.Context.
func (c *Context) Err() error { return nil }

// Value implements context.Context.
func (c *Context) Value(key any) any { return nil }

// Engine is a router.
type Engine struct{}

// Default returns a router.
func Default() *Engine { return &Engine{} }

// GET registers a handler.
func (e *Engine) GET(path string, handlers ...HandlerFunc) {}

// POST registers a handler.
func (e *Engine) POST(path string, handlers ...HandlerFunc) {}

// Use registers middleware.
func (e *Engine) Use(handlers ...HandlerFunc) {}
