package growth

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

func writeTokens(w io.Writer, toks []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, t := range toks {
		buf.WriteString(t)
	}
	w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf) // want "GAI402 .*WriteString"
}

func readAll(r io.Reader) ([]byte, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		buf.Reset()
		bufPool.Put(buf) // want "GAI402"
		return nil, err
	}
	out := append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	bufPool.Put(buf) // want "GAI402"
	return out, nil
}

func reserve(n int) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Grow(n)
	c := buf.Cap()
	bufPool.Put(buf) // want "GAI402 .*Grow"
	return c
}

func joinAll(parts []string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.Reset()
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	sb.Reset()
	sbPool.Put(sb) // want "GAI402"
	return s
}

func appendFrame(w io.Writer, payload []byte) {
	bp := bytesPool.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, byte(len(payload)))
	b = append(b, payload...)
	w.Write(b)
	*bp = b
	bytesPool.Put(bp) // want "GAI402 .*append"
}

func deferredPut(w io.Writer, lines []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf) // want "GAI402"
	for _, l := range lines {
		fmt.Fprintln(buf, l)
	}
	w.Write(buf.Bytes())
}

func formatted(w io.Writer, v float64) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprintf(buf, "%.3f", v)
	w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf) // want "GAI402 .*Fprintf"
}

func copied(w io.Writer, r io.Reader) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := io.Copy(buf, r); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf) // want "GAI402"
	return err
}

func realloc(n int) int {
	bp := bytesPool.Get().(*[]byte)
	*bp = make([]byte, n)
	m := len(*bp)
	*bp = (*bp)[:0]
	bytesPool.Put(bp) // want "GAI402 .*reallocation"
	return m
}

func (s *Server) respond(w io.Writer, body string) {
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(body)
	w.Write(buf.Bytes())
	buf.Reset()
	s.bufs.Put(buf) // want "GAI402"
}

func sliceValue(data []byte) int {
	b := make([]byte, 0, 64)
	b = append(b, data...)
	n := len(b)
	plainPool.Put(b[:0]) // want "GAI402"
	return n
}
