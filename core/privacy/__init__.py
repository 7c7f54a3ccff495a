"""MIST: sensitivity detection, typed placeholders, faithful restore, egress guard."""
