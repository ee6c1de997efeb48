module example.com/syntax/rangeint

go 1.22
