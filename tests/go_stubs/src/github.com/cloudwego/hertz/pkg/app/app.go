// Package app mirrors the parts of github.com/cloudwego/hertz/pkg/app the samples use.
package app

import "context"

// Request is the request of a hertz handler.
type Request struct{}

// Body returns the request body.
func (r *Request) Body() []byte { return nil }

// Response is the response of a hertz handler.
type Response struct{}

// RequestContext carries one request through the handlers.
type RequestContext struct {
	Request  Request
	Response Response
}

// HandlerFunc is a hertz handler.
type HandlerFunc func(c context.Context, ctx *RequestContext)

// Copy returns a copy that is safe to use outside the request.
func (ctx *RequestContext) Copy() *RequestContext { return &RequestContext{} }

// Param returns a route parameter.
func (ctx *RequestContext) Param(key string) string { return "" }

// JSON writes a JSON response.
func (ctx *RequestContext) JSON(code int, obj interface{}) {}

// String writes a text response.
func (ctx *RequestContext) String(code int, format string, values ...interface{}) {}
