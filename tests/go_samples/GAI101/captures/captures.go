// Package captures holds fire-and-forget goroutines that pin large buffers.
package captures

import (
	"fmt"
	"os"
)

type Tensor struct {
	data []float32
}

type ImageTensor struct {
	pixels []uint8
}

type Weights []float32

func upload(b []byte)         { _ = b }
func report(v float32)        { fmt.Println(v) }
func sum(x []float32) float32 { return x[0] }

func fromParam(modelWeights []float32) {
	go func() {
		report(sum(modelWeights)) // want "GAI101 .*modelWeights.*\\[\\]float32"
	}()
}

func fromMake(n int) {
	buf := make([]byte, n)
	go func() {
		upload(buf) // want "GAI101 .*buf"
	}()
}

func fromConversion(s string) {
	data := []byte(s)
	go func() {
		upload(data) // want "GAI101"
	}()
}

func fromVar() {
	var scores []float64
	scores = append(scores, 1)
	go func() {
		fmt.Println(scores[0]) // want "GAI101"
	}()
}

func bigArray() {
	var frame [1 << 20]byte
	frame[0] = 1
	go func() {
		fmt.Println(frame[0]) // want "GAI101"
	}()
}

func tensor(t *Tensor) {
	go func() {
		fmt.Println(len(t.data)) // want "GAI101 .*Tensor"
	}()
}

func suffixTensor(img ImageTensor) {
	go func() {
		fmt.Println(len(img.pixels)) // want "GAI101 .*ImageTensor"
	}()
}

func namedType(w Weights) {
	go func() {
		report(w[0]) // want "GAI101 .*Weights"
	}()
}

func sliced(all []float32) {
	part := all[10:20]
	go func() {
		report(part[0]) // want "GAI101 .*part"
	}()
}

func matrix(rows [][]float32) {
	go func() {
		report(rows[0][0]) // want "GAI101"
	}()
}

func largeConstMake() {
	buf := make([]int64, 1<<16)
	go func() {
		fmt.Println(buf[0]) // want "GAI101"
	}()
}

func twoBuffers(a []byte, b []int32) {
	go func() {
		upload(a)         // want "GAI101 .*`a`"
		fmt.Println(b[0]) // want "GAI101 .*`b`"
	}()
}

func nested(data []byte) {
	go func() {
		go func() {
			upload(data) // want "GAI101"
		}()
	}()
}

func inLoop(f *os.File, chunk []byte) {
	for i := 0; i < 3; i++ {
		go func() {
			_, _ = f.Write(chunk) // want "GAI101"
		}()
	}
}
