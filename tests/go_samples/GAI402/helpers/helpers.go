// Package helpers holds pooled buffers written and grown through helpers of the package.
package helpers

import "sync"

var keyPool = &sync.Pool{New: func() any { return make([]byte, 0, 1024) }}

func encode(dst []byte, key string) []byte { return append(dst, key...) }
func fill(dst []byte)                      { dst[0] = 1 }
func copyIn(dst, src []byte)               { copy(dst, src) }
func length(b []byte) int                  { return len(b) }

// A helper that writes the elements dirties the buffer.
func useFill() {
	buf := keyPool.Get().([]byte)
	fill(buf)
	keyPool.Put(buf) // want "GAI401"
}

// buf = encode(buf, k) is append by another name: written and grown.
func useEncode(k string) {
	buf := keyPool.Get().([]byte)
	buf = encode(buf, k)
	keyPool.Put(buf) // want "GAI401" "GAI402 .*encode"
}

func useCopy(src []byte) {
	buf := keyPool.Get().([]byte)
	copyIn(buf, src)
	keyPool.Put(buf) // want "GAI401"
}

// A helper that only reads the buffer leaves nothing behind.
func useLength() int {
	buf := keyPool.Get().([]byte)
	n := length(buf)
	keyPool.Put(buf) // ok: GAI401 only read
	return n
}

// Reset and guarded: fine.
func useEncodeGuarded(k string) {
	buf := keyPool.Get().([]byte)
	buf = encode(buf[:0], k)
	if cap(buf) > 1<<16 {
		return
	}
	keyPool.Put(buf[:0]) // ok: GAI401 emptied in the Put; ok: GAI402 capacity guard
}
