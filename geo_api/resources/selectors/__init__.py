"""Reads of the resources domain."""
