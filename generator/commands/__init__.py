"""One module per CLI command: each parses nothing, calls library code and prints.

The Typer declarations live in ``generator/cli.py``; these modules are imported lazily so that
``mlops-init --help`` stays fast and imports neither copier nor questionary.
"""
