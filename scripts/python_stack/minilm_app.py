"""The lesson's API ("APIs for Model Serving": FastAPI, gunicorn with uvicorn workers) serving the MiniLM
tier the Python way: sentence-transformers on torch embeds the texts, the head of a tagifai `minilm`
model folder tags them. The reference scripts/compare-minilm measures tagifai against.

Environment: TAGIFAI_MINILM_WEIGHTS, the folder scripts/fetch-minilm fills (sentence-transformers loads
it); TAGIFAI_MINILM_MODEL, a model folder `tagifai train --args models/recipes/minilm.json` wrote, whose
head and threshold this app applies; TORCH_THREADS, torch's threads per worker (default 1: one core
a worker, as tagifai's workers).
"""
import os
from datetime import datetime
from functools import wraps
from http import HTTPStatus

import numpy
import torch
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field, field_validator
from sentence_transformers import SentenceTransformer

from minilm_head import Head

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
encoder = SentenceTransformer(os.environ["TAGIFAI_MINILM_WEIGHTS"], device="cpu")
head = Head.load(os.environ["TAGIFAI_MINILM_MODEL"])

app = FastAPI(title="TagIfAI - Made With ML", description="Classify machine learning projects.", version="0.1")


class Text(BaseModel):
    text: str = Field(min_length=1)


class PredictPayload(BaseModel):
    texts: list[Text]

    @field_validator("texts")
    @classmethod
    def list_must_not_be_empty(cls, value):
        if not len(value):
            raise ValueError("List of texts to classify cannot be empty.")
        return value


def construct_response(handler):
    """The lesson's envelope around a route's answer."""
    @wraps(handler)
    def wrap(request: Request, *args, **kwargs) -> dict:
        results = handler(request, *args, **kwargs)
        return {
            "message": results["message"],
            "method": request.method,
            "status-code": results["status-code"],
            "timestamp": datetime.now().isoformat(),
            "url": request.url._url,
            **({"data": results["data"]} if "data" in results else {}),
        }
    return wrap


@app.get("/", tags=["General"])
@construct_response
def _index(request: Request) -> dict:
    return {"message": HTTPStatus.OK.phrase, "status-code": HTTPStatus.OK, "data": {}}


@app.post("/predict", tags=["Prediction"])
@construct_response
def _predict(request: Request, payload: PredictPayload) -> dict:
    texts = [item.text for item in payload.texts]
    embeddings = encoder.encode(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    tags = head.tags(numpy.asarray(embeddings, dtype=numpy.float64))
    predictions = [{"input_text": text, "predicted_tag": tag} for text, tag in zip(texts, tags)]
    return {"message": HTTPStatus.OK.phrase, "status-code": HTTPStatus.OK, "data": {"predictions": predictions}}
