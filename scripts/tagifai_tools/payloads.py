"""The /predict payload of the "APIs for Model Serving" lesson, written once (scripts/wrk/predict.lua,
a Lua file for wrk, holds the same two texts)."""
import json

LESSON_TEXTS = ("Transfer learning with transformers for text classification.",
                "Generative adversarial networks in both PyTorch and TensorFlow.")


def predict_json(texts=LESSON_TEXTS) -> str:
    """The body of `POST /predict` that tags `texts`."""
    return json.dumps({"texts": [{"text": text} for text in texts]})


PREDICT_JSON = predict_json()
PREDICT_BODY = PREDICT_JSON.encode()
