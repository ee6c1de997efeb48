"""Runtime evidence: goroutine dumps and profiles read as text, mapped to the checkout,
and joined with static findings. Independent of the tree-sitter engine."""
