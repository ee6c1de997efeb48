module example.com/svc

go 1.22

require example.com/vec v0.0.0

replace example.com/vec => ../vec
