-- wrk script: POST /predict with the lesson's two-text payload.
wrk.method = "POST"
wrk.path = "/predict"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"texts": [{"text": "Transfer learning with transformers for text classification."}, '
    .. '{"text": "Generative adversarial networks in both PyTorch and TensorFlow."}]}'
