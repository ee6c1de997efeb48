// Package api holds gin handlers calling into the module's other packages.
package api

import (
	"context"

	"example.com/gateway/budget"
	"example.com/gateway/jobs"
	"github.com/gin-gonic/gin"
)

var saved context.Context

func submit(c *gin.Context) {
	jobs.Submit(c.Request.Context(), "p")  // want "GAI201 .*handed to `jobs.Submit`.*jobs.go"
	jobs.Default.Push(c)                   // want "GAI201 .*jobs.Default.Push"
	_ = jobs.Run(c.Request.Context(), "p") // ok: GAI201 only used while Run runs
	q := &jobs.Queue{}
	q.Push(c) // ok: GAI201 a queue made for this request
}

func derive(c *gin.Context) {
	ctx := budget.With(c.Request.Context())
	saved = ctx // want "GAI201 .*package-level `saved`"
	fresh := budget.Fresh(c)
	saved = fresh // ok: GAI201 a context of its own
}
