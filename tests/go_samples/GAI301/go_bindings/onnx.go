// Package gobind exercises Go bindings matched by import path:
// github.com/yalue/onnxruntime_go (New*Tensor, New*Session, NewSessionOptions
// released with .Destroy()) and github.com/mattn/go-tflite (NewModel*,
// NewInterpreter* released with .Delete()).
package gobind

import (
	"errors"
	"fmt"

	ort "github.com/yalue/onnxruntime_go"
)

var errEmpty = errors.New("gobind: empty input")

// Detector owns an ONNX Runtime session and its bound tensors.
type Detector struct {
	session *ort.AdvancedSession
	input   *ort.Tensor[float32]
	output  *ort.Tensor[float32]
}

// Close destroys everything the Detector owns.
func (d *Detector) Close() {
	d.session.Destroy()
	d.input.Destroy()
	d.output.Destroy()
}

// Detect runs the session on the bound tensors.
func (d *Detector) Detect(pixels []float32) ([]float32, error) {
	copy(d.input.GetData(), pixels)
	if err := d.session.Run(); err != nil {
		return nil, err
	}
	return d.output.GetData(), nil
}

// classify leaks the session when Run fails; session.Run() is use, not transfer.
func classify(modelPath string, input, output ort.Value) error {
	session, err := ort.NewAdvancedSession(modelPath, []string{"input"}, []string{"logits"}, []ort.Value{input}, []ort.Value{output}, nil) // want "GAI301 .*Destroy"
	if err != nil {
		return err
	}
	if err := session.Run(); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	session.Destroy()
	return nil
}

// sessionOptions leaks the options when configuring them fails; only the
// success path hands them to the caller.
func sessionOptions(threads int) (*ort.SessionOptions, error) {
	opts, err := ort.NewSessionOptions() // want "GAI301"
	if err != nil {
		return nil, err
	}
	if err := opts.SetIntraOpNumThreads(threads); err != nil {
		return nil, err
	}
	return opts, nil
}

// meanActivation never destroys the tensor it creates.
func meanActivation(data []float32) (float32, error) {
	if len(data) == 0 {
		return 0, errEmpty
	}
	t, err := ort.NewTensor(ort.NewShape(1, int64(len(data))), data) // want "GAI301"
	if err != nil {
		return 0, err
	}
	var sum float32
	for _, v := range t.GetData() {
		sum += v
	}
	return sum / float32(len(data)), nil
}

// NewDetector releases what it created on every error path and moves the
// rest into the returned Detector.
func NewDetector(modelPath string, threads int) (*Detector, error) {
	opts, err := ort.NewSessionOptions() // ok: GAI301 err failure branch, then deferred Destroy
	if err != nil {
		return nil, err
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(threads); err != nil {
		return nil, err
	}

	inShape := ort.NewShape(1, 3, 640, 640)            // ok: GAI301 NewShape builds a plain Go value, not in the table
	input, err := ort.NewEmptyTensor[float32](inShape) // ok: GAI301 destroyed on the error paths, stored in the returned Detector
	if err != nil {
		return nil, err
	}
	output, err := ort.NewEmptyTensor[float32](ort.NewShape(1, 84, 8400)) // ok: GAI301 destroyed on the error path, stored in the returned Detector
	if err != nil {
		input.Destroy()
		return nil, err
	}
	session, err := ort.NewAdvancedSession(modelPath, []string{"images"}, []string{"output0"}, []ort.Value{input}, []ort.Value{output}, opts) // ok: GAI301 stored in the returned Detector
	if err != nil {
		input.Destroy()
		output.Destroy()
		return nil, err
	}
	return &Detector{session: session, input: input, output: output}, nil
}

// checkOptions destroys the options in the return statement.
func checkOptions(threads int) error {
	opts, err := ort.NewSessionOptions() // ok: GAI301 destroyed on both paths, the last one inside the return
	if err != nil {
		return err
	}
	if err := opts.SetInterOpNumThreads(threads); err != nil {
		opts.Destroy()
		return err
	}
	return opts.Destroy()
}
