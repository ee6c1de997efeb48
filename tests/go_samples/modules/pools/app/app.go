// Package app uses the pools of another package of its module.
package app

import (
	"sync"

	"example.com/pools/bufpool"
)

// Scratch holds one request's decoding state.
type Scratch struct {
	Logits []float32
	Order  []int
	Seen   map[int]bool
	Step   int
}

var scratchPool = bufpool.New[*Scratch](func() *Scratch { return &Scratch{Seen: map[int]bool{}} })

func decode(n int) int {
	s := scratchPool.Get()
	for i := 0; i < n; i++ {
		s.Logits = append(s.Logits, float32(i))
		s.Order = append(s.Order, i)
	}
	best := len(s.Order)
	scratchPool.Put(s) // want "GAI401 .*fields `Logits`, `Order`.*s.Logits = s.Logits\\[:0\\]"
	return best
}

func decodeEmptied(n int) int {
	s := scratchPool.Get()
	s.Logits = append(s.Logits, float32(n))
	best := len(s.Logits)
	s.Logits = s.Logits[:0]
	scratchPool.Put(s) // ok: GAI401 the one field filled is emptied
	return best
}

func decodeWhole(n int) int {
	s := scratchPool.Get()
	s.Order = append(s.Order, n)
	s.Seen[n] = true
	best := len(s.Order)
	*s = Scratch{Seen: s.Seen}
	scratchPool.Put(s) // ok: GAI401 the whole value is reset
	return best
}

func remember(n int) {
	s := scratchPool.Get()
	s.Seen[n] = true
	scratchPool.Put(s) // want "GAI401 .*field `Seen`.*clear\\(s.Seen\\)"
}

func countOnly(n int) {
	s := scratchPool.Get()
	s.Step = n
	scratchPool.Put(s) // ok: GAI401 only a plain field is written
}

func readOnly() int {
	s := scratchPool.Get()
	n := len(s.Logits)
	scratchPool.Put(s) // ok: GAI401 nothing written
	return n
}

// A declared generic type gives the element type.
var logits *bufpool.Pool[[]float32] = bufpool.New(func() []float32 { return make([]float32, 0, 1024) })

func softmax(xs []float32) float32 {
	buf := logits.Get()
	buf = append(buf, xs...)
	s := buf[0]
	logits.Put(buf) // want "GAI401" "GAI402"
	return s
}

func softmaxEmptied(xs []float32) float32 {
	buf := logits.Get()
	buf = append(buf[:0], xs[:4]...)
	s := buf[0]
	if cap(buf) > 1<<20 {
		return s
	}
	logits.Put(buf[:0]) // ok: GAI401 emptied in the Put; ok: GAI402 capacity guard
	return s
}

// A wrapper whose Put resets: callers need not.
var buffers bufpool.Buffers

func render(words []string) string {
	b := buffers.Get()
	for _, w := range words {
		b.WriteString(w)
	}
	out := b.String()
	buffers.Put(b) // ok: GAI401 the wrapper resets it // want "GAI402"
	return out
}

// A wrapper that drops big buffers but keeps contents.
var capped bufpool.Capped

func renderCapped(words []string) string {
	b := capped.Get()
	for _, w := range words {
		b.WriteString(w)
	}
	out := b.String()
	capped.Put(b) // want "GAI401 .*b.Reset\\(\\)"
	return out
}

// Helpers of another package grow or write a pooled buffer.
var keys = sync.Pool{New: func() any { return make([]byte, 0, 256) }}

func joinKeys(toks []string) int {
	buf := keys.Get().([]byte)
	buf = bufpool.AppendTokens(buf, toks)
	n := len(buf)
	keys.Put(buf) // want "GAI401" "GAI402 .*AppendTokens"
	return n
}

func zeroKeys() {
	buf := keys.Get().([]byte)
	bufpool.Zero(buf)
	keys.Put(buf) // want "GAI401"
}

func sizeKeys() int {
	buf := keys.Get().([]byte)
	n := bufpool.Size(buf)
	keys.Put(buf) // ok: GAI401 only read by the helper
	return n
}
