// Package deferred: a deferred Reset runs at function exit, so whether it runs
// before the Put depends on the order the defers were registered in (LIFO).
package deferred

import (
	"bytes"
	"fmt"
	"sync"
)

func fill(w *bytes.Buffer, b []byte) { fmt.Fprintf(w, "%x", b) }

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxCap = 1 << 16

// encode resets too late: the deferred Reset runs after the Put, when another
// goroutine may already have taken the buffer from the pool.
func encode(b []byte) int {
	buf := pool.Get().(*bytes.Buffer)
	defer buf.Reset()
	buf.Write(b)
	n := buf.Len()
	if buf.Cap() > maxCap {
		return n
	}
	pool.Put(buf) // want "GAI401"
	return n
}

// encodeHex registers the Put first, so the deferred Reset runs before it.
func encodeHex(b []byte) int {
	buf := pool.Get().(*bytes.Buffer)
	defer pool.Put(buf) // ok: GAI401 the later-registered deferred Reset runs first
	defer buf.Reset()
	fill(buf, b)
	return buf.Len()
}

// encodeTwice registers the Reset first: it runs after the deferred Put.
func encodeTwice(b []byte) int {
	buf := pool.Get().(*bytes.Buffer)
	defer buf.Reset()
	defer pool.Put(buf) // want "GAI401"
	fill(buf, b)
	return buf.Len()
}
