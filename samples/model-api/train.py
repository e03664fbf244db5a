"""Trains the digit classifier and writes the plain weights file that the app serves.

    python3 train.py [--data data/digits.csv.gz] [--out model/weights.json] [--epochs 30]

Standard library only. Training is deterministic (fixed seed, fixed split, rounded weights), so
the same data and settings give a byte-identical weights file and the same SHA-256. Every fifth
row is held out for evaluation; the tests measure the served file's accuracy on the same rows.
"""

import argparse
import gzip
import json
import os
import random
import sys

import driver

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "data", "digits.csv.gz")
DEFAULT_OUT = os.path.join(HERE, "model", "weights.json")
CLASSES = [str(d) for d in range(10)]


def load_rows(path=DEFAULT_DATA):
    """Rows of (64 pixel values, label) from the gzipped CSV; the last column is the digit."""
    rows = []
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.strip():
                values = [int(v) for v in line.split(",")]
                rows.append((values[:-1], str(values[-1])))
    return rows


def split(rows):
    """(training rows, held-out rows): every fifth row is held out."""
    train = [r for i, r in enumerate(rows) if i % 5 != 0]
    held_out = [r for i, r in enumerate(rows) if i % 5 == 0]
    return train, held_out


def accuracy(model, rows):
    hits = sum(1 for pixels, label in rows if model.predict(pixels, top=1)[0]["label"] == label)
    return hits / len(rows)


def train(rows, epochs=30, rate=0.5, l2=1e-4, seed=7):
    """Softmax regression by stochastic gradient descent; returns (weights, bias)."""
    k = len(CLASSES)
    weights = [[0.0] * driver.PIXELS for _ in range(k)]
    bias = [0.0] * k
    data = [([p / driver.MAX_PIXEL for p in pixels], CLASSES.index(label)) for pixels, label in rows]
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(data)
        step = rate / (1 + epoch * 0.2)
        for x, y in data:
            logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(weights, bias)]
            probs = driver.softmax(logits)
            for c in range(k):
                g = probs[c] - (1.0 if c == y else 0.0)
                row = weights[c]
                for j, v in enumerate(x):
                    row[j] -= step * (g * v + l2 * row[j])
                bias[c] -= step * g
    return weights, bias


def write_weights(path, weights, bias, metadata):
    doc = {
        "format": driver.FORMAT,
        "classes": CLASSES,
        "inputs": driver.PIXELS,
        "maxPixel": driver.MAX_PIXEL,
        "weights": [[round(w, 6) for w in row] for row in weights],
        "bias": [round(b, 6) for b in bias],
        "trained": metadata,
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args(argv)

    train_rows, held_out = split(load_rows(args.data))
    weights, bias = train(train_rows, epochs=args.epochs)
    metadata = {
        "data": os.path.basename(args.data),
        "trainRows": len(train_rows),
        "heldOutRows": len(held_out),
        "epochs": args.epochs,
    }
    write_weights(args.out, weights, bias, metadata)
    model = driver.Model.load(args.out)
    print(
        "wrote %s: sha256 %s, held-out accuracy %.4f on %d rows"
        % (args.out, model.sha256, accuracy(model, held_out), len(held_out))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
