"""督导 · 报送情况: the status board of a year (filled in by its own change)."""
