"""Checks of the served weights file itself: held-out accuracy, and that train.py makes it."""

import hashlib
import json
import os

import driver
import train

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(HERE, "model", "weights.json")
SERVED = os.environ.get("MODEL_PATH", BUNDLED)
# quality.metrics in .modelship.yaml: Modelship records these with the build and gates on them.
METRICS = os.path.join(HERE, "reports", "metrics.json")


def test_served_weights_are_measured_on_held_out_digits():
    model = driver.Model.load(SERVED)
    _, held_out = train.split(train.load_rows())

    accuracy = train.accuracy(model, held_out)

    os.makedirs(os.path.dirname(METRICS), exist_ok=True)
    with open(METRICS, "w") as f:
        json.dump({"accuracy": round(accuracy, 4), "heldOut": len(held_out)}, f)
    assert len(held_out) == 360
    # Whether it is good enough is the quality gate's call (quality.gate); a model that scores no
    # better than chance (1 in 10) is broken, not worse.
    assert accuracy > 0.2, "Expected held-out accuracy above chance, but found %.4f" % accuracy


def test_training_is_reproducible_byte_for_byte(tmp_path):
    out = tmp_path / "weights.json"

    train.main(["--out", str(out)])

    # The repository's own weights: a model published to the store (MODEL_PATH) may be newer.
    with open(BUNDLED, "rb") as f:
        expected = hashlib.sha256(f.read()).hexdigest()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == expected
