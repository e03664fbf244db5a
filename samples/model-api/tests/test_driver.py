import hashlib
import json

import pytest

import driver


def write_model(tmp_path, **overrides):
    doc = {
        "format": driver.FORMAT,
        "classes": ["a", "b"],
        # class "a" likes the first pixel, class "b" the last one
        "weights": [[8.0] + [0.0] * 63, [0.0] * 63 + [8.0]],
        "bias": [0.0, 0.0],
        "trained": {"note": "hand-made"},
    }
    doc.update(overrides)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(doc))
    return path


def test_predict_ranks_classes_best_first(tmp_path):
    model = driver.Model.load(write_model(tmp_path))

    ranked = model.predict([16] + [0] * 63, top=2)

    assert [r["label"] for r in ranked] == ["a", "b"]
    assert ranked[0]["score"] > 0.99
    assert sum(r["score"] for r in ranked) == pytest.approx(1.0, abs=1e-5)


def test_predict_accepts_rows_of_pixels_like_a_flat_list(tmp_path):
    model = driver.Model.load(write_model(tmp_path))
    flat = [0] * 63 + [16]
    rows = [flat[i:i + 8] for i in range(0, 64, 8)]

    assert model.predict(rows) == model.predict(flat)
    assert model.predict(rows, top=1)[0]["label"] == "b"


def test_load_reports_the_files_sha256_as_the_model_version(tmp_path):
    path = write_model(tmp_path)

    model = driver.Model.load(path)

    assert model.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert model.metadata == {"note": "hand-made"}


@pytest.mark.parametrize(
    "image, message",
    [
        ([1] * 63, "Expected 64 pixel values"),
        ([[0] * 8] * 7 + [[0] * 7], "row 7 has 7"),
        ([0] * 63 + [17], "pixel 63 to be a number in 0..16, but found 17"),
        ([0] * 63 + ["x"], "pixel 63"),
        ([0] * 63 + [True], "pixel 63"),
        ("pixels", "but found str"),
    ],
)
def test_predict_rejects_malformed_images_naming_the_problem(tmp_path, image, message):
    model = driver.Model.load(write_model(tmp_path))

    with pytest.raises(driver.InvalidImage) as e:
        model.predict(image)

    assert message in str(e.value)


def test_load_rejects_a_file_of_another_format(tmp_path):
    with pytest.raises(driver.InvalidModel) as e:
        driver.Model.load(write_model(tmp_path, format="pickle"))

    assert "Expected" in str(e.value) and "'pickle'" in str(e.value)


def test_load_rejects_weights_of_the_wrong_shape(tmp_path):
    with pytest.raises(driver.InvalidModel) as e:
        driver.Model.load(write_model(tmp_path, weights=[[0.0] * 64, [0.0] * 10]))

    assert "Expected 64 weights in row 1, but found 10" in str(e.value)


def test_softmax_is_stable_for_large_logits():
    probs = driver.softmax([1000.0, 1000.0, -1000.0])

    assert probs == pytest.approx([0.5, 0.5, 0.0])
