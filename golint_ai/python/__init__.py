"""What golint-ai knows about Python: which files are worth parsing (a byte prefilter),
parsing with libcst and the metadata the rules read (qualified names through import
aliases, scopes, byte spans and positions), and comment-level conventions.

Nothing here knows about leaks; :mod:`golint_ai.leaks` builds on it. libcst is imported
lazily (only :mod:`golint_ai.python.parse` imports it), so a run over Go files alone never
pays for it.
"""
