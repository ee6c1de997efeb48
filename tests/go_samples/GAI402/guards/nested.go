package guards

import (
	"bytes"
	"io"
)

func nestedGuard(w io.Writer, s string, strict bool) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	if strict {
		if buf.Cap() > maxPooled {
			return
		}
	}
	buf.Reset()
	bufPool.Put(buf) // want "GAI402"
}

func wrongBuffer(w io.Writer, other *bytes.Buffer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	w.Write(buf.Bytes())
	if other.Cap() > maxPooled {
		return
	}
	buf.Reset()
	bufPool.Put(buf) // want "GAI402"
}
