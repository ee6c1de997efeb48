package finalizer

/*
#include <string.h>

typedef struct engine engine;

static int engine_run(engine* e, float* in, int n) { return 0; }
static float engine_score(engine* e) { return 0; }
static int lookup(unsigned long h) { return 0; }
*/
import "C"

import "unsafe"

// Run runs the engine on the input.
func (m *Model) Run(in []float32) int {
	return int(C.engine_run(m.eng, (*C.float)(unsafe.Pointer(&in[0])), C.int(len(in)))) // want `GAI501 .*KeepAlive\(m\)`
}

// Score reads the last score.
func (m *Model) Score() float32 {
	e := m.eng // want "GAI501"
	return float32(C.engine_score(e))
}

// Clear zeroes the scratch arena.
func (m *Model) Clear() {
	C.memset(m.scratch, 0, C.size_t(m.size)) // want "GAI501"
}

func score(m *Model) float32 {
	return float32(C.engine_score(m.eng)) // want "GAI501"
}

func loadAndRun(path string, in []float32) int {
	m := Load(path, 1024)
	return int(C.engine_run(m.eng, (*C.float)(unsafe.Pointer(&in[0])), C.int(len(in)))) // want "GAI501"
}

// Lookup asks the registry about the handle.
func (m *Model) Lookup() bool {
	return C.lookup(C.ulong(m.handle)) != 0 // want "GAI501"
}

// Batch runs every input.
func (m *Model) Batch(ins [][]float32) int {
	total := 0
	for _, in := range ins {
		total += int(C.engine_run(m.eng, (*C.float)(unsafe.Pointer(&in[0])), C.int(len(in)))) // want "GAI501"
	}
	return total
}

// Fill writes a pattern twice.
func (m *Model) Fill() {
	p := m.scratch // want "GAI501"
	C.memset(p, 1, 4)
	C.memset(p, 2, 4)
}

// Raw hands out the scratch pointer converted for C.
func (m *Model) RawSum() int {
	p := (*C.char)(m.scratch) // want "GAI501"
	return int(C.strlen(p))
}

// Touch passes the arena through unsafe.Pointer.
func (m *Model) Touch() {
	C.memset(unsafe.Pointer(m.scratch), 3, 1) // want "GAI501"
}
