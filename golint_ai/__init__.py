"""golint-ai: a static analyzer for memory and resource leaks in Go AI-inference services."""

__version__ = "0.1.0"

INFORMATION_URI = "https://github.com/golint-ai/golint-ai"
DOCS_URI = INFORMATION_URI + "/blob/main/docs/rules/{code}.md"
