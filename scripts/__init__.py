"""Project tooling for the Baclofen Guide: build hooks, quality gates, PDF and benchmark scripts."""
