// Package resets holds the reset forms GAI401 accepts before a Put.
package resets

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

const maxPooled = 1 << 16

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

var slicePool = sync.Pool{New: func() any {
	b := make([]byte, 0, 512)
	return &b
}}

var actPool = sync.Pool{New: func() any { return make([]float32, 256) }}

// Tensor is pooled; it has a Zero method.
type Tensor struct {
	Data []float32
}

// Zero clears the data.
func (t *Tensor) Zero() {
	for i := range t.Data {
		t.Data[i] = 0
	}
}

var tensorPool = sync.Pool{New: func() any { return &Tensor{Data: make([]float32, 64)} }}

// KV is a pooled key-value cache with a Clear method.
type KV struct {
	keys []float32
}

// Clear empties the cache.
func (k *KV) Clear() { k.keys = k.keys[:0] }

var kvPool = sync.Pool{New: func() any { return &KV{} }}

func withReset(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf) // ok: GAI401 reset right before Put
}

func builder(s string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.WriteString(s)
	out := sb.String()
	sb.Reset()
	if sb.Cap() > maxPooled {
		return out
	}
	sbPool.Put(sb) // ok: GAI401 reset before Put
	return out
}

func truncate(w io.Writer) {
	bp := slicePool.Get().(*[]byte)
	*bp = append(*bp, 'x')
	w.Write(*bp)
	*bp = (*bp)[:0]
	if cap(*bp) > maxPooled {
		return
	}
	slicePool.Put(bp) // ok: GAI401 *bp = (*bp)[:0] before Put
}

func zeroLoop(in []float32) float32 {
	act := actPool.Get().([]float32)
	var s float32
	for i, x := range in {
		act[i%len(act)] += x
		s += act[i%len(act)]
	}
	for i := range act {
		act[i] = 0
	}
	actPool.Put(act) // ok: GAI401 zeroing range loop before Put
	return s
}

func slicedPut(data []byte) int {
	b := actBytes()
	b = append(b, data...)
	n := len(b)
	if cap(b) > maxPooled {
		return n
	}
	slicePoolValues.Put(b[:0]) // ok: GAI401 Put(b[:0])
	return n
}

var slicePoolValues = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

func actBytes() []byte {
	return slicePoolValues.Get().([]byte)
}

func tensorZero(in []float32) float32 {
	t := tensorPool.Get().(*Tensor)
	t.Data[0] = in[0]
	v := t.Data[0]
	t.Zero()
	tensorPool.Put(t) // ok: GAI401 t.Zero() before Put
	return v
}

func tensorLiteral(in []float32) float32 {
	t := tensorPool.Get().(*Tensor)
	t.Data = append(t.Data, in...)
	v := t.Data[0]
	*t = Tensor{}
	tensorPool.Put(t) // ok: GAI401 *t = Tensor{} before Put
	return v
}

func kvClear(k float32) int {
	kv := kvPool.Get().(*KV)
	kv.keys = append(kv.keys, k)
	n := len(kv.keys)
	kv.Clear()
	kvPool.Put(kv) // ok: GAI401 kv.Clear() before Put
	return n
}

func deferredReset(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // ok: GAI401 the reset below runs before the deferred Put
	w.Write(buf.Bytes())
	buf.Reset()
}

func closureReset(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf) // ok: GAI401 reset inside the deferred literal
	}()
	w.Write(buf.Bytes())
}

func truncateZero(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	buf.Truncate(0)
	bufPool.Put(buf) // ok: GAI401 Truncate(0) empties the buffer
}

func readScratch(r io.Reader) (int, error) {
	bp := slicePool.Get().(*[]byte)
	n, err := r.Read((*bp)[:cap(*bp)])
	slicePool.Put(bp) // ok: GAI401 scratch buffer only handed to Read; nothing accumulates
	return n, err
}

var warmPool = &sync.Pool{}

func init() {
	warmPool.New = func() any {
		spare := new(bytes.Buffer)
		warmPool.Put(spare) // ok: GAI401 Put in the pool's own New function
		return new(bytes.Buffer)
	}
}
