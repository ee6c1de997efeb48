module example.com/vendored

go 1.19

require github.com/acme/onnx v1.0.0
