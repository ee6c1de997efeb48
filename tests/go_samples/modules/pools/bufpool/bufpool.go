// Package bufpool wraps sync.Pool: a generic typed pool, a pool that resets what it
// is given, and a pool that drops oversized buffers.
package bufpool

import (
	"bytes"
	"sync"
)

// Pool is a typed pool: its Put hands the value on as it is.
type Pool[T any] struct {
	p sync.Pool
}

// New makes a pool of values made by mk.
func New[T any](mk func() T) *Pool[T] {
	return &Pool[T]{p: sync.Pool{New: func() any { return mk() }}}
}

// Get takes a value.
func (p *Pool[T]) Get() T { return p.p.Get().(T) }

// Put gives a value back.
func (p *Pool[T]) Put(v T) { p.p.Put(v) }

// Buffers resets every buffer it is given.
type Buffers struct{ p sync.Pool }

// Get takes a buffer.
func (b *Buffers) Get() *bytes.Buffer {
	if v, ok := b.p.Get().(*bytes.Buffer); ok {
		return v
	}
	return new(bytes.Buffer)
}

// Put resets the buffer, then pools it.
func (b *Buffers) Put(buf *bytes.Buffer) {
	buf.Reset()
	b.p.Put(buf)
}

// Capped drops buffers that grew large, and keeps the rest as they are.
type Capped struct{ p sync.Pool }

// Get takes a buffer.
func (c *Capped) Get() *bytes.Buffer {
	if v, ok := c.p.Get().(*bytes.Buffer); ok {
		return v
	}
	return new(bytes.Buffer)
}

// Put pools the buffer unless it grew past 64 KiB.
func (c *Capped) Put(buf *bytes.Buffer) {
	if buf.Cap() > 1<<16 {
		return
	}
	c.p.Put(buf)
}

// AppendTokens appends the tokens to dst: growth by another name.
func AppendTokens(dst []byte, toks []string) []byte {
	for _, t := range toks {
		dst = append(dst, t...)
	}
	return dst
}

// Zero writes zeros into dst: it writes its elements.
func Zero(dst []byte) {
	for i := range dst {
		dst[i] = 1
	}
}

// Size only reads dst.
func Size(dst []byte) int { return len(dst) }

// Sized hands out buffers cut to the length each caller asks for.
type Sized struct{ p sync.Pool }

// Get returns a buffer of length n.
func (s *Sized) Get(n int) []byte {
	b, _ := s.p.Get().(*[]byte)
	if b == nil || cap(*b) < n {
		fresh := make([]byte, n)
		return fresh
	}
	*b = (*b)[:n]
	return *b
}

// Put pools it.
func (s *Sized) Put(b []byte) {
	s.p.Put(&b)
}
