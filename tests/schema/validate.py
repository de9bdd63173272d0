#!/usr/bin/python3
"""The reference the jq validator (tests/selftests/tools/json-schema.jq) is
held to: Debian's python3-jsonschema, always as draft 2020-12 (what the jq
validator implements), whatever the schema's $schema says.

Usage: validate.py SCHEMA DOC...
       validate.py --batch DIR   (for check-validator.sh; see batch())
Each DOC may hold several JSON documents (JSON Lines, or documents one
after another), as jq reads them; each is validated.  Prints one line per
violation, "DOC: document N: PATH: message", with paths written as the jq
validator writes them ($.a.b[3]).
Exit status: 0 every document is valid; 1 one is not, or a DOC holds none;
6 the schema is not a valid 2020-12 schema; 2 a file cannot be read or is
not JSON.
"""
import glob
import json
import os
import re
import sys

import jsonschema

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def reject_constant(name):
    """NaN and Infinity are not JSON (jq refuses them too)."""
    raise ValueError(f"{name} is not JSON")


def documents(text):
    """Every JSON document in TEXT, as jq --slurpfile sees them."""
    decoder = json.JSONDecoder(parse_constant=reject_constant)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i == n:
            return
        doc, i = decoder.raw_decode(text, i)
        yield doc


def path(error):
    """The path to the error's instance, in the jq validator's notation."""
    out = "$"
    for part in error.absolute_path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif IDENTIFIER.match(part):
            out += f".{part}"
        else:
            out += f"[{json.dumps(part)}]"
    return out


def validate(schema_path, doc_paths, out):
    """Validates each document of the DOC_PATHS against the schema at
    SCHEMA_PATH, writing the violations to OUT; returns the exit status."""
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f, parse_constant=reject_constant)
        docs = {}
        for name in doc_paths:
            with open(name, encoding="utf-8") as f:
                docs[name] = list(documents(f.read()))
    except (OSError, ValueError) as e:
        print(f"validate.py: {e}", file=out)
        return 2

    validator_class = jsonschema.Draft202012Validator
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"schema: {e.message}", file=out)
        return 6
    validator = validator_class(schema)

    bad = 0
    for name, found in docs.items():
        if not found:
            print(f"{name}: no document to validate", file=out)
            bad += 1
        for i, doc in enumerate(found, 1):
            try:
                for error in validator.iter_errors(doc):
                    print(f"{name}: document {i}: {path(error)}: {error.message}", file=out)
                    bad += 1
            # A $ref that names nothing, or loops, is found only here.
            except (jsonschema.exceptions.RefResolutionError, RecursionError) as e:
                print(f"{name}: document {i}: validate.py: {e!r}", file=out)
                return 2
    return 1 if bad else 0


def batch(directory):
    """Validates DIR/N.doc.json against DIR/N.schema.json for every N that
    DIR/N.python names, into DIR/N.py.out and DIR/N.py.rc: one Python start
    for all of check-validator.sh's fixtures, not one each."""
    for job in sorted(glob.glob(os.path.join(directory, "*.python"))):
        stem = job[: -len(".python")]
        with open(f"{stem}.py.out", "w", encoding="utf-8") as out:
            rc = validate(f"{stem}.schema.json", [f"{stem}.doc.json"], out)
        with open(f"{stem}.py.rc", "w", encoding="utf-8") as f:
            print(rc, file=f)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--batch":
        return batch(sys.argv[2])
    if len(sys.argv) < 3 or sys.argv[1].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return validate(sys.argv[1], sys.argv[2:], sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
