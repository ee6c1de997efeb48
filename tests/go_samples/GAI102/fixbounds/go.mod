module example.com/fixbounds

go 1.22
