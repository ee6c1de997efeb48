// Package scratch holds pooled buffers used only as scratch capacity: never written
// through their methods, they go back empty.
package scratch

import (
	"bytes"
	"sync"
)

var pool = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32)) }}

func fill(dst []byte) {}

func hash() byte {
	b := pool.Get().(*bytes.Buffer)
	defer pool.Put(b) // ok: GAI401 b is never written: Len() stays 0
	buf := b.Bytes()[:b.Cap()]
	fill(buf)
	return buf[0]
}

func hashCap() int {
	b := pool.Get().(*bytes.Buffer)
	scratch := b.Bytes()[:cap(b.Bytes())]
	fill(scratch)
	n := b.Len()
	pool.Put(b) // ok: GAI401 only read-only methods and its spare capacity are used
	return n
}

func written(s string) int {
	b := pool.Get().(*bytes.Buffer)
	scratch := b.Bytes()[:b.Cap()]
	fill(scratch)
	b.WriteString(s)
	n := b.Len()
	pool.Put(b) // want "GAI401 .*b.Reset" "GAI402"
	return n
}

func handedOn(w func(*bytes.Buffer)) {
	b := pool.Get().(*bytes.Buffer)
	fill(b.Bytes()[:b.Cap()])
	w(b)
	pool.Put(b) // want "GAI401"
}
