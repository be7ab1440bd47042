"""The MiniLM equivalence test's reference: token ids and embeddings of texts by sentence-transformers.

usage: python minilm_reference.py MODEL_DIR PROJECTS.csv COUNT

Loads the model folder that scripts/fetch-minilm fills with sentence-transformers (on the CPU) and
prints one JSON object: "texts" (title + " " + description of the first COUNT rows of the CSV, then
the edge cases below: a text past the 256-token limit, accents, CJK, Greek, controls, emoji, a word
past 100 characters, the empty text), "ids"
(each text's token ids as the model's tokenizer gives them, padding removed) and "embeddings" (the
model's sentence embeddings, normalised, as sentence-transformers computes them in batches of 32).
"""
import csv
import json
import sys

from sentence_transformers import SentenceTransformer

model_dir, data, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(data, newline="", encoding="utf-8") as handle:
    rows = list(csv.DictReader(handle))[:count]
texts = [row["title"] + " " + row["description"] for row in rows]
texts += [
    " ".join(texts[:12]),
    "Ünïcödé ÀCCENTS, naïve café — résumé İstanbul",
    "中文分词 and 日本語のテキスト, 한국어 ﬁ ligature",
    "ΟΔΟΣ Σ ΣΑΣ. final sigma",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp\u200bzero width\u0007bell\u0000nul\ufffd",
    "emoji 🚀🤗 ⭐️ and 𝘢𝘯𝘺 math letters, $100 & 50% off!!",
    "supercalifragilisticexpialidocious" * 4,
    "",
]

model = SentenceTransformer(model_dir, device="cpu")
ids = []
for start in range(0, len(texts), 32):
    features = model.tokenize(texts[start:start + 32])
    for row, mask in zip(features["input_ids"].tolist(), features["attention_mask"].tolist()):
        ids.append([token for token, real in zip(row, mask) if real])
embeddings = model.encode(texts, batch_size=32, convert_to_numpy=True)
json.dump({"texts": texts, "ids": ids, "embeddings": embeddings.astype(float).tolist()}, sys.stdout)
