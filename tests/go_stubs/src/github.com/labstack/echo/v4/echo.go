// Package echo mirrors the parts of github.com/labstack/echo/v4 the samples use.
package echo

import "net/http"

// Context is the context of an echo handler.
type Context interface {
	Request() *http.Request
	Response() *Response
	Param(name string) string
	JSON(code int, i interface{}) error
	String(code int, s string) error
}

// Response wraps the http.ResponseWriter.
type Response struct {
	Writer http.ResponseWriter
}

// Write writes the body.
func (r *Response) Write(b []byte) (int, error) { return len(b), nil }

// Flush sends buffered data to the client.
func (r *Response) Flush() {}

// HandlerFunc is an echo handler.
type HandlerFunc func(Context) error

// MiddlewareFunc wraps a handler.
type MiddlewareFunc func(HandlerFunc) HandlerFunc

// Echo is a router.
type Echo struct{}

// New returns a router.
func New() *Echo { return &Echo{} }

// GET registers a handler.
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) {}

// POST registers a handler.
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) {}

// Use registers middleware.
func (e *Echo) Use(m ...MiddlewareFunc) {}
