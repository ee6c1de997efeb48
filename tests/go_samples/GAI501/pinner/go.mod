module example.com/pinner

go 1.21
