// Package sibling declares its pool in one file and uses it in another.
package sibling

import "sync"

var scratch = sync.Pool{
	New: func() interface{} {
		// A scratch buffer of a fixed capacity: callers copy into it and give it back.
		// The comment only makes this function span the byte offsets of use.go's
		// first put, which once counted as being inside New.
		b := make([]byte, 64)
		return &b
	},
}
