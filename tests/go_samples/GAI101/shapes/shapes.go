// Package shapes holds near misses: captured values that are not large buffers.
package shapes

import "fmt"

type Config struct {
	Name string
	Dims []int
}

type tensorStats struct{ n int }

var global []float32

func use(v ...interface{}) { fmt.Println(v...) }

func argument(weights []float32) {
	go func(w []float32) {
		use(w[0]) // ok: GAI101 passed as an argument
	}(weights[:1])
}

func copied(weights []float32) {
	first := weights[0]
	go func() {
		use(first) // ok: GAI101 a float32, not a buffer
	}()
}

func strings(name string, tags []string, m map[string][]byte) {
	go func() {
		use(name, tags, m) // ok: GAI101 strings, []string and maps are not buffers
	}()
}

func structs(c Config, p *Config) {
	go func() {
		use(c.Name, p.Dims) // ok: GAI101 structs and pointers are not buffers
	}()
}

func declaredInside(n int) {
	go func() {
		buf := make([]byte, n)
		use(buf) // ok: GAI101 declared inside the literal
	}()
}

func packageLevel() {
	go func() {
		use(global) // ok: GAI101 package-level variable
	}()
}

func smallConst() {
	buf := make([]byte, 512)
	go func() {
		use(buf) // ok: GAI101 small constant-size buffer
	}()
}

func smallArray() {
	var hdr [16]byte
	go func() {
		use(hdr[0]) // ok: GAI101 small array
	}()
}

func shadowed(buf []byte) {
	go func() {
		buf := "not a buffer"
		use(buf) // ok: GAI101 shadowed inside the literal
	}()
}

func literalParamShadows(buf []byte) {
	go func(buf string) {
		use(buf) // ok: GAI101 the literal's own parameter
	}(string(buf[:1]))
}

func notTensor(s tensorStats) {
	go func() {
		use(s.n) // ok: GAI101 tensorStats is not a Tensor type
	}()
}

func pointers(ps []*Config) {
	go func() {
		use(ps) // ok: GAI101 []*T is not a buffer
	}()
}

func notGoroutine(buf []byte) {
	f := func() {
		use(buf) // ok: GAI101 not launched with go
	}
	f()
	defer func() {
		use(buf) // ok: GAI101 deferred, not a goroutine
	}()
}
