"""What knows Go: parsing and positions, compiled queries, imports, scopes, static
types, control flow, the package and module indexes, cgo declarations, and the Go
semantics the analyses rest on (test failures, dead branches).

Nothing here knows about leaks or rule codes.
"""
