package basic

import (
	"bytes"
	"io"
	"strings"
	gosync "sync"
)

func putBuf(b *bytes.Buffer) {
	bufPool.Put(b) // want "GAI401 .*b.Reset"
}

func render(w io.Writer, parts []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, p := range parts {
		buf.WriteString(p)
	}
	w.Write(buf.Bytes())
	if buf.Cap() > maxPooled {
		return
	}
	bufPool.Put(buf) // want "GAI401"
}

func join(parts []string) string {
	sb := builderPool.Get().(*strings.Builder)
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	if sb.Len() > maxPooled {
		return s
	}
	builderPool.Put(sb) // want "GAI401"
	return s
}

func scale(xs []float32, k float32) []float32 {
	bp := floatPool.Get().(*[]float32)
	for _, x := range xs {
		*bp = append(*bp, x*k)
	}
	out := make([]float32, len(*bp))
	copy(out, *bp)
	if cap(*bp) > maxPooled {
		return out
	}
	floatPool.Put(bp) // want "GAI401"
	return out
}

func forward(in []float32) float32 {
	t := tensorPool.Get().(*Tensor)
	var sum float32
	for i, x := range in {
		t.Data[i%len(t.Data)] += x
		sum += t.Data[i%len(t.Data)]
	}
	tensorPool.Put(t) // want "GAI401 .*t.Zero"
	return sum
}

func decode(tokens []int32) int {
	s := scratchPool.Get().(*Scratch)
	s.ids = append(s.ids, tokens...)
	s.n = len(s.ids)
	n := s.n
	scratchPool.Put(s) // want "GAI401"
	return n
}

func maybeClean(w io.Writer, clean bool) {
	buf := bufPool.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	if clean {
		buf.Reset()
	}
	bufPool.Put(buf) // want "GAI401"
}

func deferred() int {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "GAI401"
	return buf.Len()
}

func resetTooLate(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	bufPool.Put(buf) // want "GAI401"
	buf.Reset()
}

func bytesPool(data []byte) int {
	v := bytePool.Get()
	b, _ := v.([]byte)
	b = append(b, data...)
	n := len(b)
	if cap(b) > maxPooled {
		return n
	}
	bytePool.Put(b) // want `GAI401 .*b = b\[:0\]`
	return n
}

func (e *Encoder) encode(w io.Writer, s string) {
	buf := e.bufs.Get().(*bytes.Buffer)
	w.Write(buf.Bytes())
	e.bufs.Put(buf) // want "GAI401"
}

func localPool(s string) int {
	p := &gosync.Pool{New: func() any { return new(bytes.Buffer) }}
	b := p.Get().(*bytes.Buffer)
	n := b.Len() + len(s)
	p.Put(b) // want "GAI401"
	return n
}

func stateless(name string) string {
	c := cfgPool.Get().(*Config)
	c.Name = name
	out := c.Name
	cfgPool.Put(c) // ok: GAI401 *Config has no Reset/Zero/Clear method and is not a buffer
	return out
}

func names(xs []string) int {
	np := namesPool.Get().(*[]string)
	*np = append(*np, xs...)
	n := len(*np)
	namesPool.Put(np) // ok: GAI401 []string is not a large-buffer type
	return n
}

// notAPool has a Put method but is no sync.Pool.
type notAPool struct{}

func (notAPool) Put(b *bytes.Buffer) {}

func custom(b *bytes.Buffer) {
	var np notAPool
	np.Put(b) // ok: GAI401 not a sync.Pool
}
