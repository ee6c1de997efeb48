// Package joined holds acquisitions made in the branches of an if/else and tested by
// one shared failure check after it.
package joined

import (
	"errors"

	ort "github.com/yalue/onnxruntime_go"
)

type Model struct{ s *ort.DynamicAdvancedSession }

func (m *Model) Close() error { return m.s.Destroy() }

func load(m *Model, path string, opts *ort.SessionOptions) (err error) {
	var s *ort.DynamicAdvancedSession
	if opts != nil {
		s, err = ort.NewDynamicAdvancedSession(path, nil, nil, opts) // ok: GAI301 the shared `if err != nil` is its failure branch
	} else {
		s, err = ort.NewDynamicAdvancedSession(path, nil, nil, nil) // ok: GAI301 the shared `if err != nil` is its failure branch
	}
	if err != nil {
		return err // s is nil here
	}
	m.s = s
	return nil
}

func loadChain(m *Model, path string, kind int) error {
	var s *ort.DynamicAdvancedSession
	var err error
	if kind == 0 {
		s, err = ort.NewDynamicAdvancedSession(path, nil, nil, nil) // ok: GAI301 else-if chain, one failure check
	} else if kind == 1 {
		s, err = ort.NewDynamicAdvancedSession(path, []string{"in"}, nil, nil) // ok: GAI301 else-if chain, one failure check
	} else {
		return errors.New("unknown kind")
	}
	if err != nil {
		return err
	}
	m.s = s
	return nil
}

func loadThenCheck(m *Model, path string, opts *ort.SessionOptions, strict bool) error {
	var s *ort.DynamicAdvancedSession
	var err error
	if opts != nil {
		s, err = ort.NewDynamicAdvancedSession(path, nil, nil, opts) // want "GAI301 .*s.Destroy"
	} else {
		s, err = ort.NewDynamicAdvancedSession(path, nil, nil, nil) // want "GAI301 .*s.Destroy"
	}
	if err != nil {
		return err
	}
	if strict {
		return errors.New("strict mode") // s leaks here
	}
	m.s = s
	return nil
}
