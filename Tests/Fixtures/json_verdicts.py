"""Python's json module's verdict on each case of the JSON corpus test, compared with ours.

Reads lines `name<TAB>hex of the body<TAB>ours`, where ours is `ok<TAB>hex of our value re-encoded
as JSON` or `err<TAB>kind<TAB>message<TAB>position` (kind: syntax, utf8 or deep), and prints one
line per case: `name<TAB>agree|differ<TAB>Python's verdict`, the verdict being `ok`,
`syntax<TAB>message<TAB>position`, `UnicodeDecodeError` or `RecursionError`. The body goes to
json.loads as bytes, as Starlette's Request.json() hands it over in the lesson's FastAPI app.
"""
import json
import sys


def verdict(body):
    try:
        return ("ok", json.loads(body))
    except json.JSONDecodeError as error:
        return ("syntax", error.msg, error.pos)
    except (UnicodeDecodeError, RecursionError) as error:
        return (type(error).__name__,)


def same(a, b):
    """Equal as parsed values, types included (1 is not 1.0) and NaN equal to itself."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


for line in sys.stdin:
    name, body, *ours = line.rstrip("\n").split("\t")
    theirs = verdict(bytes.fromhex(body))
    if ours[0] == "ok":
        agree = theirs[0] == "ok" and same(theirs[1], json.loads(bytes.fromhex(ours[1])))
    elif ours[1] == "syntax":
        agree = theirs[0] == "syntax" and theirs[1] == ours[2] and theirs[2] == int(ours[3])
    elif ours[1] == "utf8":
        agree = theirs[0] == "UnicodeDecodeError"
    else:
        agree = theirs[0] == "RecursionError"
    said = "ok" if theirs[0] == "ok" else "\t".join(map(str, theirs))
    print(f"{name}\t{'agree' if agree else 'differ'}\t{said}")
