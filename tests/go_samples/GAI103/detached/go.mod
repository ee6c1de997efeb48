module example.com/gai103detached

go 1.21
