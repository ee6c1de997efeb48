// Package app imports its binding through the GOPATH layout.
package app

import (
	"errors"

	"example.org/legacy/binding"
)

func predict(path string, ok bool) error {
	m := binding.Load(path) // want "GAI301 .*binding.Load.*m.Release\\(\\)"
	if !ok {
		return errors.New("not ready")
	}
	m.Release()
	return nil
}

func tracked(path string) {
	m := binding.Load(path) // ok: GAI301 handed to a function of another package that keeps it
	binding.Track(m)
}

func released(path string) {
	m := binding.Load(path) // ok: GAI301 released
	defer m.Release()
	_ = m.Loaded()
}

func notFresh(m *binding.Model) {
	c := binding.Cached(m) // ok: GAI301 not a fresh model
	_ = c.Loaded()
}
