// Package app uses a binding from its module's vendor directory.
package app

import "github.com/acme/onnx"

func infer(n int) (int, error) {
	s, err := onnx.NewSession(n) // want "GAI301 .*onnx.NewSession.*s.Destroy\\(\\)"
	if err != nil {
		return 0, err
	}
	if n > 8 {
		return 0, nil
	}
	defer s.Destroy()
	return s.Run(), nil
}

func inferClosed(n int) (int, error) {
	s, err := onnx.NewSession(n) // ok: GAI301 destroyed on every path
	if err != nil {
		return 0, err
	}
	defer s.Destroy()
	return s.Run(), nil
}
