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
	scratchPool.Put(s) // want "GAI401 .*field `Seen`.*delete\\(s.Seen, k\\)"
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

// Fields emptied in one multi-assignment before the Put.
type message struct {
	subject string
	hdr     []byte
	msg     []byte
}

var messages = sync.Pool{New: func() any { return new(message) }}

func relay(subject string, payload []byte) int {
	m := messages.Get().(*message)
	m.subject = subject
	m.msg = append(m.msg[:0], payload...)
	n := len(m.msg)
	m.subject, m.hdr, m.msg = "", nil, nil
	messages.Put(m) // ok: GAI401 every filled field is emptied by the multi-assignment
	return n
}

// A batch of fixed length reused by index, each element replaced before the Put.
type batch struct {
	msgs []message
}

var batches = sync.Pool{New: func() any { return &batch{msgs: make([]message, 8)} }}

func send(payloads [][]byte) {
	b := batches.Get().(*batch)
	for i, p := range payloads {
		b.msgs[i].msg = p
	}
	for i := range b.msgs {
		b.msgs[i] = message{}
	}
	batches.Put(b) // ok: GAI401 each element replaced by a fresh value
}

func sendDirty(payloads [][]byte) {
	b := batches.Get().(*batch)
	for i, p := range payloads {
		b.msgs[i].msg = p
	}
	batches.Put(b) // want "GAI401 .*field `msgs`"
}

// The buffer is reset at the top of every iteration, before any use: every Get of
// frames resets it before use, so the deferred Put of a dirty buffer is harmless.
var frames bufpool.Capped

func writeFrames(packets [][]byte, out func([]byte)) {
	buf := frames.Get()
	defer frames.Put(buf) // ok: GAI401 reset before every use after the Get
	for _, p := range packets {
		buf.Reset()
		buf.Write(p)
		out(buf.Bytes())
	}
}

// A wrapper whose Get cuts the buffer to the caller's length: callers write it whole.
var sized bufpool.Sized

func encodeSized(v []byte) int {
	b := sized.Get(len(v))
	copy(b, v)
	n := len(b)
	sized.Put(b) // ok: GAI401 the wrapper's Get hands out b[:n], written whole by its caller
	return n
}
