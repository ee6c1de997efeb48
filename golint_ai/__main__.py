from golint_ai.cli import run

run()
