// Package growth declares pools here and grows their buffers in grow.go.
package growth

import (
	"bytes"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var sbPool = &sync.Pool{New: func() any { return new(strings.Builder) }}

var bytesPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// Server keeps its response buffers in a pool field.
type Server struct {
	bufs sync.Pool
}
