module example.com/syntax/generics

go 1.18
