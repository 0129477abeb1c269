"""Template tests: helpers to generate projects and run them (see helpers.py)."""
