// Package fixdefer: GAI401's fix for a deferred Put resets inside one deferred
// closure; a slice used at its length is zeroed, not emptied.
package fixdefer

import (
	"bytes"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var rows = sync.Pool{New: func() any { return make([]float32, 64) }}

func render(parts []string) string {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf) // want "GAI401" "GAI402"
	for _, p := range parts {
		buf.WriteString(p)
	}
	return buf.String()
}

func score(xs []float32) float32 {
	row := rows.Get().([]float32)
	var s float32
	for i, x := range xs {
		row[i%len(row)] += x
		s += row[i%len(row)]
	}
	rows.Put(row) // want "GAI401 .*for i := range row"
	return s
}

func swapped(parts []string) int {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf) // want "GAI401" "GAI402"
	buf.WriteString(parts[0])
	n := buf.Len()
	buf = new(bytes.Buffer) // the deferred Put still puts the first buffer: no closure fix
	buf.WriteString("x")
	return n
}
