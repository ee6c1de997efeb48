module example.com/syntax/alias

go 1.24
