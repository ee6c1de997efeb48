"""The golint-ai language server (``golint-ai server``).

Importing this package does not import pygls; :func:`golint_ai.server.lsp.main` does.
"""
