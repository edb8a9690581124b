"""The sample county (五原县): a realistic database to try the app and to test against.

`county.create_sample_county` makes it, step by step; `sample` says what it holds and is all
that importing this package loads (the first-run screen reads it before anything is made).
"""

from __future__ import annotations

from .sample import SampleSpec, SampleSummary, sample_contents

__all__ = ["SampleSpec", "SampleSummary", "sample_contents"]
