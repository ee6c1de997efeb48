// Package engine hands out inference engines behind interfaces.
package engine

/*
typedef struct model model;
static model* model_create(int n) { return 0; }
static void model_destroy(model* m) {}
static float model_run(model* m) { return 0; }
*/
import "C"

import (
	"io"

	"example.com/ml/gc"
)

// Engine is implemented only by native engines: a resource type.
type Engine interface {
	io.Closer
	Predict() float32
}

type llama struct{ h *C.model }

func (l *llama) Predict() float32 { return float32(C.model_run(l.h)) }

// Close releases the native model.
func (l *llama) Close() error { // summary: releases(l)
	C.model_destroy(l.h)
	return nil
}

// New loads an engine.
func New(n int) (Engine, error) { // summary: acquires(0)
	return &llama{h: C.model_create(C.int(n))}, nil
}

// Scorer is implemented by a native type and by a pure-Go one: not a resource type.
type Scorer interface {
	Score() float32
	Close() error
}

type nativeScorer struct{ h *C.model }

func (s *nativeScorer) Score() float32 { return float32(C.model_run(s.h)) }

// Close releases the native model.
func (s *nativeScorer) Close() error {
	C.model_destroy(s.h)
	return nil
}

type constScorer struct{ v float32 }

func (c constScorer) Score() float32 { return c.v }

// Close has nothing to release.
func (c constScorer) Close() error { return nil }

// NewScorer picks one.
func NewScorer(n int) Scorer { // summary: !acquires(0)
	if n == 0 {
		return constScorer{1}
	}
	return &nativeScorer{h: C.model_create(C.int(n))}
}

// Cached is freed by a finalizer another package's helper registers.
type Cached struct{ m *C.model }

// NewCached registers it.
func NewCached(n int) *Cached { // summary: !acquires(0)
	c := &Cached{m: C.model_create(C.int(n))}
	gc.Track(c, func(c *Cached) { C.model_destroy(c.m) })
	return c
}

// Run reads the raw pointer last.
func (c *Cached) Run() float32 {
	return float32(C.model_run(c.m)) // want "GAI501 .*finalizer of `Cached`"
}
