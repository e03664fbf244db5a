"""The sample AI app: a Flask API that serves the digit classifier.

It keeps the contract of the original AKS deployment tutorial:
  GET  /         -> "Healthy"
  GET  /version  -> the app's and the model's versions
  POST /score    -> the top classes of each image, with their scores and the time taken

The model file is read once at start from MODEL_PATH (default: model/weights.json beside this
file). Modelship puts the fetched model into the image and points MODEL_PATH at it.
"""

import os
import time

from flask import Flask, jsonify, request

import driver

APP_NAME = "model-api"
APP_VERSION = "1.0.0"
DEFAULT_MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model", "weights.json")
MAX_IMAGES = 100
MAX_TOP = 10


def create_app(model_path=None):
    model_path = model_path or os.environ.get("MODEL_PATH", DEFAULT_MODEL_PATH)
    model = driver.Model.load(model_path)
    app = Flask(__name__)

    @app.get("/")
    def healthy():
        return "Healthy"

    @app.get("/version")
    def version():
        return jsonify(
            app=APP_NAME,
            appVersion=os.environ.get("APP_VERSION", APP_VERSION),
            model={"sha256": model.sha256, "format": driver.FORMAT, "trained": model.metadata},
        )

    @app.post("/score")
    def score():
        started = time.perf_counter()
        body = request.get_json(silent=True)
        if not request.is_json:
            return problem(415, "Expected Content-Type application/json, but found %r"
                           % request.content_type)
        if not isinstance(body, dict) or "images" not in body:
            return problem(400, 'Expected a JSON object {"images": [...]}, but found %s'
                           % describe(body))
        images, top = body["images"], body.get("top", 3)
        if not isinstance(images, list) or not 1 <= len(images) <= MAX_IMAGES:
            return problem(400, "Expected 'images' to be a list of 1..%d images, but found %s"
                           % (MAX_IMAGES, describe(images)))
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            return problem(400, "Expected 'top' to be an integer in 1..%d, but found %r"
                           % (MAX_TOP, top))
        predictions = []
        for i, image in enumerate(images):
            try:
                ranked = model.predict(image, top=top)
            except driver.InvalidImage as e:
                return problem(400, "Image %d: %s" % (i, e))
            predictions.append(dict(ranked[0], top=ranked))
        elapsed_ms = (time.perf_counter() - started) * 1000
        return jsonify(predictions=predictions, timeMs=round(elapsed_ms, 3), model=model.sha256)

    return app


def problem(status, detail):
    return jsonify(status=status, error=detail), status


def describe(value):
    if isinstance(value, list):
        return "a list of %d" % len(value)
    if value is None:
        return "no valid JSON body"
    return type(value).__name__


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "8080")))
