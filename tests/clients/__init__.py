"""Clients nobody here wrote, as their users run them, against a real `islandrun serve` on the embedded model."""
