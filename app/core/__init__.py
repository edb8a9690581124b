"""The application core: domain rules, storage, services, the draw, reports and bundles.

Nothing below this package imports Qt or the front ends (enforced by tests/test_layers.py).
"""
