package fieldstore

/*
typedef struct tflite_model tflite_model;
typedef struct tflite_interpreter tflite_interpreter;

static int tflite_interpreter_invoke(tflite_interpreter* it) { return 0; }
static void tflite_interpreter_delete(tflite_interpreter* it) {}
static void tflite_model_delete(tflite_model* m) {}
*/
import "C"

import "errors"

var errInvoke = errors.New("fieldstore: invoke failed")

// Invoke runs one inference step.
func (e *Engine) Invoke() error {
	if C.tflite_interpreter_invoke(e.interp) != 0 {
		return errInvoke
	}
	return nil
}

// Close releases the interpreter and the model.
func (e *Engine) Close() {
	if e.interp != nil {
		C.tflite_interpreter_delete(e.interp)
		e.interp = nil
	}
	if e.model != nil {
		C.tflite_model_delete(e.model)
		e.model = nil
	}
}
