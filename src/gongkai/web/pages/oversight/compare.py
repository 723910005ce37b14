"""督导 · 指标比较 and 汇总: indicators, charts and totals (filled in by its own change)."""
