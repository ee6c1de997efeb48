// Package fasthttp mirrors the parts of github.com/valyala/fasthttp the samples use.
package fasthttp

import (
	"bufio"
	"time"
)

// Request is a request; its memory is reused once the handler returns.
type Request struct{}

// Body returns the request body.
func (r *Request) Body() []byte { return nil }

// Response is a response.
type Response struct{}

// StreamWriter writes a streamed body after the handler returned.
type StreamWriter func(w *bufio.Writer)

// RequestCtx is the context of a fasthttp handler; it is a context.Context.
type RequestCtx struct {
	Request  Request
	Response Response
}

// PostBody returns the request body; valid only until the handler returns.
func (ctx *RequestCtx) PostBody() []byte { return nil }

// Path returns the request path; valid only until the handler returns.
func (ctx *RequestCtx) Path() []byte { return nil }

// ID returns the request's unique number.
func (ctx *RequestCtx) ID() uint64 { return 0 }

// SetBodyString sets the response body.
func (ctx *RequestCtx) SetBodyString(body string) {}

// SetBodyStreamWriter streams the response body.
func (ctx *RequestCtx) SetBodyStreamWriter(sw StreamWriter) {}

// Deadline implements context.Context.
func (ctx *RequestCtx) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done implements context.Context.
func (ctx *RequestCtx) Done() <-chan struct{} { return nil }

// Err implements context.Context.
func (ctx *RequestCtx) Err() error { return nil }

// Value implements context.Context.
func (ctx *RequestCtx) Value(key any) any { return nil }

// RequestHandler is a fasthttp handler.
type RequestHandler func(ctx *RequestCtx)

// ListenAndServe serves handler.
func ListenAndServe(addr string, handler RequestHandler) error { return nil }
