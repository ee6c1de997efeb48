package everyget

import (
	"bytes"
	"sync"
)

func getBuf() *bytes.Buffer {
	b := respPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func other() int {
	b := respPool.Get().(*bytes.Buffer)
	b.Reset()
	n := b.Len()
	release(b)
	return n
}

var condPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// condGet resets only when asked: not every Get resets.
func condGet(fresh bool) *bytes.Buffer {
	b := condPool.Get().(*bytes.Buffer)
	if fresh {
		b.Reset()
	}
	return b
}

func condPut(b *bytes.Buffer) {
	condPool.Put(b) // want "GAI401"
}
