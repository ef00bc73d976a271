"""Hypothesis profiles for the fuzz tests: `ci` (the default, the normal suite: a few dozen examples
per test, about a minute of CPU in all) and `fuzz` (HYPOTHESIS_PROFILE=fuzz: 25 times as many)."""

import datetime as dt
import os

from hypothesis import HealthCheck, settings

COMMON = {
    # Every example is a whole import; the per-example deadline catches one that hangs or crawls,
    # with room for a machine shared with other test runs.
    "deadline": dt.timedelta(seconds=10),
    # The database is rolled back after each example (contract.attempt), so function-scoped
    # fixtures such as `db` are safe to share between examples.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,  # a failure prints the @reproduce_failure line that replays it
}
settings.register_profile("ci", max_examples=40, **COMMON)
settings.register_profile("fuzz", max_examples=1000, **COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(count):
    """`count` examples in the ci profile, 25 times as many in the fuzz profile."""
    return count * 25 if PROFILE == "fuzz" else count
