// Package guards puts grown buffers back only behind a capacity guard.
package guards

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

const maxPooled = 64 << 10

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

var slicePool = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

var scratchPool = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

func earlyReturn(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	if buf.Cap() > maxPooled {
		return
	}
	buf.Reset()
	bufPool.Put(buf) // ok: GAI402 guarded by buf.Cap() > maxPooled
}

func inside(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	buf.Reset()
	if buf.Cap() <= maxPooled {
		bufPool.Put(buf) // ok: GAI402 Put only under the capacity test
	}
}

func capSlice(w io.Writer, data []byte) {
	bp := slicePool.Get().(*[]byte)
	b := append((*bp)[:0], data...)
	w.Write(b)
	if cap(b) > maxPooled {
		return
	}
	*bp = b[:0]
	slicePool.Put(bp) // ok: GAI402 cap(b) guards the slice held by bp
}

func lenGuard(w io.Writer, data []byte) {
	bp := slicePool.Get().(*[]byte)
	*bp = append((*bp)[:0], data...)
	w.Write(*bp)
	if len(*bp) > maxPooled {
		return
	}
	*bp = (*bp)[:0]
	slicePool.Put(bp) // ok: GAI402 len(*bp) guard on the same buffer
}

func builderLen(parts []string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.Reset()
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	if sb.Len() > maxPooled || len(parts) == 0 {
		return s
	}
	sb.Reset()
	sbPool.Put(sb) // ok: GAI402 sb.Len() guard dominates the Put
	return s
}

func neverGrown(w io.Writer) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	w.Write(buf.Bytes())
	bufPool.Put(buf) // ok: GAI402 not written in this function
}

func helper(buf *bytes.Buffer) {
	buf.Reset()
	bufPool.Put(buf) // ok: GAI402 the helper never grows the buffer
}

func scratch(r io.Reader) (int, error) {
	bp := scratchPool.Get().(*[]byte)
	n, err := r.Read(*bp)
	scratchPool.Put(bp) // ok: GAI402 fixed-size scratch buffer, never grown
	return n, err
}

func deferredGuard(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() > maxPooled {
			return
		}
		buf.Reset()
		bufPool.Put(buf) // ok: GAI402 guarded inside the deferred literal
	}()
	buf.WriteString(s)
	w.Write(buf.Bytes())
}

func otherBuffer(w io.Writer, out *bytes.Buffer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	out.WriteString(s)
	w.Write(out.Bytes())
	bufPool.Put(buf) // ok: GAI402 only another buffer was written
}

func available(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	if buf.Len() > maxPooled {
		return
	}
	buf.Reset()
	bufPool.Put(buf) // ok: GAI402 buf.Len() guard
}

// ring is not a sync.Pool.
type ring struct{ bufs []*bytes.Buffer }

func (r *ring) Put(b *bytes.Buffer) { r.bufs = append(r.bufs, b) }

func custom(r *ring, s string) {
	b := new(bytes.Buffer)
	b.WriteString(s)
	r.Put(b) // ok: GAI402 not a sync.Pool
}
