"""Builders of the bad-input campaign's nasty files, made at test time in a test's folder."""
