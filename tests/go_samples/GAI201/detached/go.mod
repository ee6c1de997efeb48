module example.com/detached

go 1.21
