"""The model driver: loads the plain weights file and scores 8x8 digit images.

Serving needs only the standard library. The weights file is a JSON document written by
train.py: a softmax (multinomial logistic regression) classifier over 64 pixel values.
"""

import hashlib
import json
import math

FORMAT = "modelship-softmax-v1"
SIDE = 8
PIXELS = SIDE * SIDE
MAX_PIXEL = 16


class InvalidImage(ValueError):
    """An image that cannot be scored; the message names what is wrong."""


class InvalidModel(ValueError):
    """A weights file that cannot be served; the message names what is wrong."""


class Model:
    """A loaded classifier. Immutable after construction; safe to share between threads."""

    def __init__(self, classes, weights, bias, sha256, metadata=None):
        if len(weights) != len(classes) or len(bias) != len(classes):
            raise InvalidModel(
                "Expected one weight row and one bias per class (%d classes), but found %d rows"
                " and %d biases" % (len(classes), len(weights), len(bias))
            )
        for i, row in enumerate(weights):
            if len(row) != PIXELS:
                raise InvalidModel(
                    "Expected %d weights in row %d, but found %d" % (PIXELS, i, len(row))
                )
        self.classes = list(classes)
        self.weights = [list(map(float, row)) for row in weights]
        self.bias = list(map(float, bias))
        self.sha256 = sha256
        self.metadata = dict(metadata or {})

    @classmethod
    def load(cls, path):
        """Reads a weights file; the model's version is the file's SHA-256."""
        with open(path, "rb") as f:
            raw = f.read()
        try:
            doc = json.loads(raw)
        except ValueError as e:
            raise InvalidModel("Expected %s to be JSON, but it is not: %s" % (path, e)) from e
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
            raise InvalidModel(
                "Expected %s to have format %r, but found %r" % (path, FORMAT, found)
            )
        return cls(
            doc["classes"],
            doc["weights"],
            doc["bias"],
            hashlib.sha256(raw).hexdigest(),
            doc.get("trained"),
        )

    def probabilities(self, pixels):
        """Class probabilities for one image given as 64 pixel values in 0..16."""
        x = [p / MAX_PIXEL for p in pixels]
        logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.weights, self.bias)]
        return softmax(logits)

    def predict(self, image, top=3):
        """The top classes of one image, best first: [{"label": ..., "score": ...}, ...]."""
        probs = self.probabilities(flatten(image))
        ranked = sorted(range(len(probs)), key=lambda i: probs[i], reverse=True)
        return [{"label": self.classes[i], "score": round(probs[i], 6)} for i in ranked[:top]]


def softmax(logits):
    m = max(logits)
    exps = [math.exp(v - m) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def flatten(image):
    """Accepts 64 numbers, or 8 rows of 8 numbers, each in 0..16; returns 64 floats."""
    if not isinstance(image, list):
        raise InvalidImage(
            "Expected an image as a list of %d pixel values, but found %s"
            % (PIXELS, type(image).__name__)
        )
    if len(image) == SIDE and all(isinstance(row, list) for row in image):
        for i, row in enumerate(image):
            if len(row) != SIDE:
                raise InvalidImage(
                    "Expected %d rows of %d pixels, but row %d has %d" % (SIDE, SIDE, i, len(row))
                )
        image = [p for row in image for p in row]
    if len(image) != PIXELS:
        raise InvalidImage(
            "Expected %d pixel values (or %d rows of %d), but found %d"
            % (PIXELS, SIDE, SIDE, len(image))
        )
    pixels = []
    for i, p in enumerate(image):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= MAX_PIXEL:
            raise InvalidImage(
                "Expected pixel %d to be a number in 0..%d, but found %r" % (i, MAX_PIXEL, p)
            )
        pixels.append(float(p))
    return pixels
