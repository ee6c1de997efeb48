module example.com/ml

go 1.22
