"""Builders the tests share: sample files, visits, plans, bundles, offices."""
