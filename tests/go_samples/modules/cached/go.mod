module example.com/cached

go 1.22

require github.com/acme/tensor v1.2.0
