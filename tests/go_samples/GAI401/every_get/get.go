package everyget

import "bytes"

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
