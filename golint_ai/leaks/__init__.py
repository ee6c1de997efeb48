"""What knows leaks: ownership of native handles, goroutine lifetimes, request taint,
pools and unsafe memory, built on the Go facts of :mod:`golint_ai.golang`.

Rules (:mod:`golint_ai.rules`) ask these modules questions; nothing here knows rule codes.
"""
