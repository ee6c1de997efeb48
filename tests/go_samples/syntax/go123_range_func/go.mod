module example.com/syntax/rangefunc

go 1.23
