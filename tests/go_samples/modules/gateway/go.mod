module example.com/gateway

go 1.19

require github.com/gin-gonic/gin v1.10.0
