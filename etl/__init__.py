"""Data coming in from outside: agency feeds (etl/feeds/) and, later, file imports."""
