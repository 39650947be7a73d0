"""Small local components the pages use (no build step, nothing loaded from the internet)."""
