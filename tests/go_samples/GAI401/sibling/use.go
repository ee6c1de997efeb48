// The pool is declared in pools.go; this file spells neither the pool's package nor
// its type, and its first put lies at byte offsets that pools.go's New function spans.
package sibling

func fill(data []byte) int {
	b := scratch.Get().(*[]byte)
	n := copy(*b, data)
	scratch.Put(b) // want "GAI401"
	return n
}

// Near miss: emptied before it goes back.
func fillReset(data []byte) int {
	b := scratch.Get().(*[]byte)
	n := copy(*b, data)
	*b = (*b)[:0]
	scratch.Put(b)
	return n
}
