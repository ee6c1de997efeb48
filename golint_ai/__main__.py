import sys

from golint_ai.cli import main

sys.exit(main())
