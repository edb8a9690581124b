"""Moving data between installations: USB bundles (export, checks, merge policy, conflicts) and sync with the office server."""
