"""Great Expectations suites, one per table, as code: see suites.py."""
