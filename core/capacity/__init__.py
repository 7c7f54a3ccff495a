"""TIDE: capacity monitoring, hysteresis and exhaustion prediction (paper: *TIDE*)."""
