// Package scope holds variables that share a name with a pooled buffer: growth of
// another variable is not growth of the pooled one.
package scope

import (
	"bytes"
	"io"
	"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func handle(get bool, r io.Reader) int64 {
	if get {
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		defer pool.Put(buf) // ok: GAI402 this buf is never written
		return int64(buf.Len())
	}
	buf := new(bytes.Buffer) // a different, unpooled `buf`
	n, _ := buf.ReadFrom(r)
	return n
}

func shadowed(r io.Reader) int64 {
	buf := pool.Get().(*bytes.Buffer)
	buf.Reset()
	var n int64
	{
		buf := new(bytes.Buffer)
		n, _ = buf.ReadFrom(r)
	}
	pool.Put(buf) // ok: GAI402 the inner `buf` grew, not this one
	return n
}

func grows(r io.Reader) int64 {
	buf := pool.Get().(*bytes.Buffer)
	buf.Reset()
	n, _ := buf.ReadFrom(r)
	pool.Put(buf) // want "GAI402 .*ReadFrom"
	return n
}
