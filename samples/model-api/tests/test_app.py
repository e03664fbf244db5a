import json
import os

import pytest

import app as app_module

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def app():
    return app_module.create_app()


@pytest.fixture
def client(app):
    return app.test_client()


def smoke_request():
    with open(os.path.join(HERE, "smoke", "score.json")) as f:
        return json.load(f)


def test_root_answers_healthy(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "Healthy"


def test_version_names_the_app_and_the_served_model(client):
    body = client.get("/version").get_json()

    assert body["app"] == "model-api"
    assert body["appVersion"] == app_module.APP_VERSION
    assert len(body["model"]["sha256"]) == 64
    assert body["model"]["trained"]["data"] == "digits.csv.gz"


def test_score_returns_top_classes_with_scores_and_time_taken(client):
    response = client.post("/score", json=smoke_request())

    assert response.status_code == 200
    body = response.get_json()
    assert body["predictions"][0]["label"] == "7"
    top = body["predictions"][0]["top"]
    assert len(top) == 3
    assert top[0] == {"label": body["predictions"][0]["label"], "score": body["predictions"][0]["score"]}
    assert [t["score"] for t in top] == sorted((t["score"] for t in top), reverse=True)
    assert body["timeMs"] >= 0
    assert body["model"] == client.get("/version").get_json()["model"]["sha256"]


def test_score_answers_each_image_in_order(client):
    seven = smoke_request()["images"][0]
    blank = [[0] * 8 for _ in range(8)]

    body = client.post("/score", json={"images": [seven, blank, seven], "top": 1}).get_json()

    assert len(body["predictions"]) == 3
    assert body["predictions"][0] == body["predictions"][2]
    assert all(len(p["top"]) == 1 for p in body["predictions"])


def test_model_path_selects_the_served_weights(tmp_path, monkeypatch):
    source = os.path.join(HERE, "model", "weights.json")
    copy = tmp_path / "other.json"
    doc = json.load(open(source))
    doc["trained"] = {"data": "elsewhere"}
    copy.write_text(json.dumps(doc))
    monkeypatch.setenv("MODEL_PATH", str(copy))

    other = app_module.create_app()

    body = other.test_client().get("/version").get_json()

    assert body["model"]["trained"] == {"data": "elsewhere"}


@pytest.mark.parametrize(
    "payload, status, message",
    [
        ({"pictures": []}, 400, 'Expected a JSON object {"images": [...]}'),
        ([1, 2], 400, "but found a list of 2"),
        ({"images": []}, 400, "list of 1..100 images, but found a list of 0"),
        ({"images": [[0] * 64], "top": 0}, 400, "'top' to be an integer in 1..10, but found 0"),
        ({"images": [[0] * 64, [0] * 3]}, 400, "Image 1: Expected 64 pixel values"),
    ],
)
def test_score_rejects_bad_input_with_a_clear_400(client, payload, status, message):
    response = client.post("/score", json=payload)

    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_score_rejects_a_body_that_is_not_json(client):
    response = client.post("/score", data="not json", content_type="text/plain")

    assert response.status_code == 415
    assert "application/json" in response.get_json()["error"]


def test_score_rejects_malformed_json(client):
    response = client.post("/score", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert "no valid JSON body" in response.get_json()["error"]
