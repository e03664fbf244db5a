"""Checks of the served weights file itself: held-out accuracy, and that train.py makes it."""

import hashlib
import os

import driver
import train

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVED = os.environ.get("MODEL_PATH", os.path.join(HERE, "model", "weights.json"))


def test_served_weights_reach_at_least_90_percent_on_held_out_digits():
    model = driver.Model.load(SERVED)
    _, held_out = train.split(train.load_rows())

    accuracy = train.accuracy(model, held_out)

    assert len(held_out) == 360
    assert accuracy >= 0.9, "Expected held-out accuracy >= 0.9, but found %.4f" % accuracy


def test_training_is_reproducible_byte_for_byte(tmp_path):
    out = tmp_path / "weights.json"

    train.main(["--out", str(out)])

    with open(SERVED, "rb") as f:
        expected = hashlib.sha256(f.read()).hexdigest()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == expected
