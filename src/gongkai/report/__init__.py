"""The core: the canonical model of the annual report, the national format and the rules. No I/O."""
