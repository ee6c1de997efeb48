// Package everyget: every Get of respPool resets the buffer right away (in
// get.go), so the Puts here need no reset of their own.
package everyget

import (
	"bytes"
	"io"
	"sync"
)

var respPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var framePool = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

func release(b *bytes.Buffer) {
	respPool.Put(b) // ok: GAI401 every Get of respPool resets right after Get
}

func send(w io.Writer) {
	b := getBuf()
	w.Write(b.Bytes())
	respPool.Put(b) // ok: GAI401 getBuf resets after Get
}

func frame(w io.Writer, payload []byte) {
	fp := framePool.Get().(*[]byte)
	f := (*fp)[:0]
	f = append(f, byte(len(payload)))
	f = append(f, payload...)
	w.Write(f)
	if cap(f) > 1<<16 {
		return
	}
	*fp = f
	framePool.Put(fp) // ok: GAI401 every Get of framePool takes an emptied view (*fp)[:0]
}
