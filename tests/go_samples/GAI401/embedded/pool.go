// Package embedded holds pools embedded in a struct: the promoted Get and Put are
// sync.Pool's.
package embedded

import "sync"

type bytePool struct{ sync.Pool }

var keyPool = &bytePool{Pool: sync.Pool{New: func() any { return make([]byte, 0, 1024) }}}

func encode(dst []byte) []byte { return append(dst, 1, 2, 3) }

// The promoted Put is sync.Pool.Put: the buffer goes back dirty and grown.
func use() {
	buf := keyPool.Get().([]byte)
	buf = encode(buf)
	keyPool.Put(buf) // want "GAI401" "GAI402"
}

func useReset() {
	buf := keyPool.Get().([]byte)
	buf = encode(buf[:0])
	if cap(buf) > 4096 {
		return
	}
	keyPool.Put(buf[:0]) // ok: GAI401 emptied in the Put
}

type floatPool struct {
	*sync.Pool
}

var vecs = floatPool{&sync.Pool{New: func() any { return make([]float32, 0, 512) }}}

func scale(xs []float32) {
	v := vecs.Get().([]float32)
	v = append(v, xs...)
	vecs.Put(v) // want "GAI401" "GAI402"
}
