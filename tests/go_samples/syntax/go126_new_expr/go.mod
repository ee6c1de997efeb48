module example.com/syntax/newexpr

go 1.26
