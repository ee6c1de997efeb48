"""The Go analysis engine: parsing, positions, imports, scopes, package index, control flow.

Nothing in this package knows about leaks or rule codes; rules ask it questions.
"""
