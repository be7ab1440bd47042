"""The head of a tagifai `minilm` model folder, applied the way tagifai applies it: softmax(W x + b) over
the classes of labels.json, the most probable class unless its probability is not above args.json's
threshold, then `other` (the lesson's custom_predict)."""
import json
from pathlib import Path

import numpy
from safetensors.numpy import load_file


class Head:
    def __init__(self, weight: numpy.ndarray, bias: numpy.ndarray, classes: list[str], threshold: float):
        self.weight, self.bias, self.classes, self.threshold = weight, bias, classes, threshold
        self.other = classes.index("other") if "other" in classes else None

    @classmethod
    def load(cls, folder: str) -> "Head":
        folder = Path(folder)
        tensors = load_file(folder / "head.safetensors")
        index = json.loads((folder / "labels.json").read_text())["class_to_index"]
        classes = sorted(index, key=index.get)
        threshold = json.loads((folder / "args.json").read_text())["threshold"]
        return cls(tensors["weight"].astype(numpy.float64), tensors["bias"].astype(numpy.float64), classes, threshold)

    def tags(self, embeddings: numpy.ndarray) -> list[str]:
        scores = embeddings @ self.weight.T + self.bias
        scores = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities = scores / scores.sum(axis=1, keepdims=True)
        tags = []
        for row in probabilities:
            best = int(row.argmax())
            tagged = self.other if self.other is not None and row[best] <= self.threshold else best
            tags.append(self.classes[tagged])
        return tags
