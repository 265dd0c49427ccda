"""The demo app runs each app's `<app>/demo_seed.py` contribution from one list."""

import sys
import types

from demo import contributions


def test_each_listed_contribution_is_seeded_with_its_own_random_stream_and_the_password(monkeypatch):
    calls = []
    module = types.ModuleType("fake_demo_seed")
    module.seed = lambda rng, password: calls.append((rng.random(), password))
    monkeypatch.setitem(sys.modules, "fake_demo_seed", module)

    contributions.run_contributions(seed=2022, password="kata-sandi", modules=["fake_demo_seed"])
    contributions.run_contributions(seed=2022, password="kata-sandi", modules=["fake_demo_seed"])

    assert len(calls) == 2
    assert calls[0] == calls[1]  # same seed, same data
    assert calls[0][1] == "kata-sandi"
