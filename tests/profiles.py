"""How many generated examples the property tests run: one knob for the whole suite.

``MANABI_TEST_PROFILE`` names a Hypothesis profile, registered here:

- ``dev``  (``make test-fast``): a tenth of the examples, for the edit-test loop;
- ``ci``   (``make test``, the default): the counts written in the tests, derandomized,
  so a run in CI is repeatable;
- ``fuzz`` (``make fuzz``): ten times the counts, random, for a long hunt.

A test that sets its own count writes ``max_examples=examples(N)`` so the profile scales it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALES = {"dev": 0.1, "ci": 1.0, "fuzz": 10.0}
PROFILE = os.environ.get("MANABI_TEST_PROFILE", "ci")
if PROFILE not in SCALES:
    raise SystemExit(f"MANABI_TEST_PROFILE={PROFILE!r}: choose one of {', '.join(SCALES)}")

settings.register_profile("dev", deadline=None, max_examples=20)
settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """``n`` examples scaled by the profile (at least 10)."""
    return max(10, round(n * SCALES[PROFILE]))
