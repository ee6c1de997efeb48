package gobind

import (
	"errors"
	"fmt"

	"github.com/mattn/go-tflite"
)

var (
	errModel       = errors.New("gobind: cannot load model")
	errInterpreter = errors.New("gobind: cannot create interpreter")
	errInvoke      = errors.New("gobind: invoke failed")
)

// checkModel loads the model to validate the file and never deletes it.
func checkModel(path string) error {
	model := tflite.NewModelFromFile(path) // want "GAI301 .*Delete"
	if model == nil {
		return fmt.Errorf("cannot load %s", path)
	}
	return nil
}

// warmUp leaks the interpreter when AllocateTensors fails.
func warmUp(model *tflite.Model, threads int) error {
	options := tflite.NewInterpreterOptions() // ok: GAI301 deferred Delete
	defer options.Delete()
	options.SetNumThread(threads)

	interp := tflite.NewInterpreter(model, options) // want "GAI301"
	if interp == nil {
		return errInterpreter
	}
	if status := interp.AllocateTensors(); status != tflite.OK {
		return fmt.Errorf("allocate tensors: %v", status)
	}
	interp.Invoke()
	interp.Delete()
	return nil
}

// classifyImage deletes both handles with defer after their nil checks.
func classifyImage(modelPath string, pixels []float32) ([]float32, error) {
	model := tflite.NewModelFromFile(modelPath) // ok: GAI301 nil-check failure branch, then deferred Delete
	if model == nil {
		return nil, errModel
	}
	defer model.Delete()

	interp := tflite.NewInterpreter(model, nil) // ok: GAI301 nil-check failure branch, then deferred Delete
	if interp == nil {
		return nil, errInterpreter
	}
	defer interp.Delete()

	if interp.AllocateTensors() != tflite.OK {
		return nil, errInterpreter
	}
	interp.GetInputTensor(0).CopyFromBuffer(pixels)
	if interp.Invoke() != tflite.OK {
		return nil, errInvoke
	}
	out := interp.GetOutputTensor(0).Float32s()
	res := make([]float32, len(out))
	copy(res, out)
	return res, nil
}

// Classifier keeps a model for its lifetime.
type Classifier struct {
	model *tflite.Model
}

// Close deletes the model.
func (c *Classifier) Close() {
	c.model.Delete()
}

// NewClassifier stores the model in a field that Close releases.
func NewClassifier(weights []byte) (*Classifier, error) {
	model := tflite.NewModel(weights) // ok: GAI301 stored into a field released by Close
	if model == nil {
		return nil, errModel
	}
	return &Classifier{model: model}, nil
}
