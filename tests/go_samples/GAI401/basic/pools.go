// Package basic declares its pools here (through a renamed sync import) and
// uses them in use.go: GAI401 must follow the pools across files.
package basic

import (
	"bytes"
	"strings"
	gosync "sync"
)

const maxPooled = 1 << 16

var bufPool = gosync.Pool{New: func() any { return new(bytes.Buffer) }}

var builderPool = &gosync.Pool{New: func() any { return new(strings.Builder) }}

var floatPool = gosync.Pool{New: func() any {
	b := make([]float32, 0, 1024)
	return &b
}}

var bytePool gosync.Pool

// Tensor is a pooled activation tensor.
type Tensor struct {
	Data  []float32
	Shape []int
}

// Zero clears the tensor's data.
func (t *Tensor) Zero() {
	for i := range t.Data {
		t.Data[i] = 0
	}
}

var tensorPool = gosync.Pool{New: func() any { return &Tensor{Data: make([]float32, 4096)} }}

// Scratch holds token ids between decoding steps.
type Scratch struct {
	ids []int32
	n   int
}

// Reset empties the scratch space.
func (s *Scratch) Reset() {
	s.ids = s.ids[:0]
	s.n = 0
}

var scratchPool = gosync.Pool{New: func() any { return &Scratch{} }}

// Config carries no state worth resetting.
type Config struct {
	Name string
}

var cfgPool = gosync.Pool{New: func() any { return &Config{} }}

var namesPool = gosync.Pool{New: func() any { return new([]string) }}

// Encoder owns a pool in a field.
type Encoder struct {
	bufs *gosync.Pool
}
