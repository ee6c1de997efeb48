package gobind

import (
	tf "github.com/tensorflow/tensorflow/tensorflow/go"
	onnxruntime_go "github.com/yalue/onnxruntime_go"
)

// tensorArena is a test double with a method that looks like the binding.
type tensorArena interface {
	NewEmptyTensor(n int) ([]float32, error)
}

// scratchFrom calls a method on a parameter that shadows the import name.
func scratchFrom(onnxruntime_go tensorArena, n int) (float32, error) {
	buf, err := onnxruntime_go.NewEmptyTensor(n) // ok: GAI301 `onnxruntime_go` is a parameter shadowing the import here
	if err != nil {
		return 0, err
	}
	return buf[0], nil
}

// tfBatchSize uses TensorFlow's Go tensors, which are garbage collected.
func tfBatchSize(pixels [][]float32) (int64, error) {
	t, err := tf.NewTensor(pixels) // ok: GAI301 different import path; tensorflow/go tensors are not in the table
	if err != nil {
		return 0, err
	}
	return t.Shape()[0], nil
}

// probeThreads uses the package under its own name; still the binding.
func probeThreads(n int) error {
	opts, err := onnxruntime_go.NewSessionOptions() // want "GAI301"
	if err != nil {
		return err
	}
	return opts.SetIntraOpNumThreads(n)
}
