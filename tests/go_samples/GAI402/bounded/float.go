// Package bounded holds pooled buffers grown only by a few constant bytes: one huge
// request cannot make them huge.
package bounded

import (
	"strconv"
	"sync"
)

var pool = sync.Pool{New: func() any { b := make([]byte, 0, 24); return &b }}

func format(f float64) string {
	bp := pool.Get().(*[]byte)
	defer pool.Put(bp) // ok: GAI402 growth bounded by constants
	*bp = strconv.AppendFloat((*bp)[:0], f, 'g', -1, 64)
	*bp = append(*bp, '.', '0')
	return string(*bp)
}

func quoted(n int) string {
	bp := pool.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, '"')
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, "\"\n"...)
	*bp = b
	s := string(b)
	pool.Put(bp) // ok: GAI402 a quote, a number and a short literal
	return s
}

func joined(parts []string) string {
	bp := pool.Get().(*[]byte)
	b := (*bp)[:0]
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, ',')
	}
	*bp = b
	s := string(b)
	pool.Put(bp) // want "GAI402 .*append"
	return s
}
