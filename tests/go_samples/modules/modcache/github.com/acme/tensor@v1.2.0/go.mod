module github.com/acme/tensor

go 1.18
