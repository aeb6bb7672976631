"""Notebooks: run every notebook in a fresh, offline kernel beside the build, cache the results and tidy their pages."""
