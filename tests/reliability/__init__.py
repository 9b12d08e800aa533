"""Reliability: the fault matrix, resource hygiene, concurrency, fork and security promises."""
