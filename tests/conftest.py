import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Third-party sources the samples import come from a module cache inside the tree
# (tests/go_samples/modules/modcache), never from the machine's own.
os.environ["GOMODCACHE"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "go_samples", "modules", "modcache")

# The suite runs without the result cache (tests that patch the analysis must see it run);
# the cache's own tests turn it on.
os.environ["GOLINT_AI_NO_CACHE"] = "1"
