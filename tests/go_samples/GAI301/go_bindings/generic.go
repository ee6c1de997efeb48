package gobind

import ort "github.com/yalue/onnxruntime_go"

// scratchLogits leaks the tensor built with explicit type arguments when the
// shape check fails (tree-sitter sees `ort.NewEmptyTensor[float32](shape)` as a
// conversion to a generic type; it is a call).
func scratchLogits(n int64) (int64, error) {
	logits, err := ort.NewEmptyTensor[float32](ort.NewShape(1, n)) // want "GAI301 .*logits.Destroy"
	if err != nil {
		return 0, err
	}
	if n > 4096 {
		return 0, errEmpty
	}
	defer logits.Destroy()
	return int64(len(logits.GetData())), nil
}

// pairTensor destroys both tensors made with two type arguments' worth of data.
func pairTensor(shape ort.Shape, data []float32) error {
	t, err := ort.NewTensor[float32](shape, data) // ok: GAI301 err failure branch, then deferred Destroy
	if err != nil {
		return err
	}
	defer t.Destroy()
	return nil
}
