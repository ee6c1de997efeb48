// Package utils mirrors github.com/gofiber/fiber/v2/utils.
package utils

// CopyString returns a copy of s that does not share its memory.
func CopyString(s string) string { return s + "" }
