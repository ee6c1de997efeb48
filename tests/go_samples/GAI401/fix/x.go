// Package fix holds GAI401 findings whose offered fix (unsafe: applied only
// with --fix --unsafe-fixes) inserts the type's reset call before the Put;
// x.go.golden is this file with the fixes applied.
package fix

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var floatPool = sync.Pool{New: func() any {
	b := make([]float32, 0, 256)
	return &b
}}

// Cache is pooled and has a Clear method.
type Cache struct {
	keys []int
}

// Clear empties the cache.
func (c *Cache) Clear() { c.keys = c.keys[:0] }

var cachePool = sync.Pool{New: func() any { return &Cache{} }}

func flush(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	bufPool.Put(buf) // want "GAI401"
}

func sum(xs []float32) float32 {
	bp := floatPool.Get().(*[]float32)
	*bp = append(*bp, xs...)
	var s float32
	for _, x := range *bp {
		s += x
	}
	if cap(*bp) > 1<<16 {
		return s
	}
	floatPool.Put(bp) // want "GAI401"
	return s
}

func remember(k int) int {
	c := cachePool.Get().(*Cache)
	c.keys = append(c.keys, k)
	n := len(c.keys)
	if n > 0 {
		cachePool.Put(c) // want "GAI401"
	}
	return n
}
