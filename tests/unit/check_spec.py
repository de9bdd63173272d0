#!/usr/bin/python3
"""Keeps the YNL spec and the UAPI header in step.

Every command, attribute, enum and flag the spec names must have the same
value in include/uapi/linux/p2pdma_harness.h, the header must have nothing
the spec lacks, and the policy limits the spec states must match the
header's constants.  Prints one KTAP line per check and a closing
"spec: N passed, N failed".
"""
import re
import sys

import yaml

TOP = sys.argv[1] if len(sys.argv) > 1 else "."
SPEC = f"{TOP}/Documentation/netlink/specs/p2pdma-harness.yaml"
HEADER = f"{TOP}/include/uapi/linux/p2pdma_harness.h"


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def header_enums(text):
    """{enum name: {ENTRY: value}} with C's implicit numbering."""
    enums = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\};", text, re.S):
        values, nxt = {}, 0
        body = re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S)
        for entry in body.split(","):
            entry = entry.strip()
            if not entry:
                continue
            name, _, val = entry.partition("=")
            name, val = name.strip(), val.strip()
            if val:
                nxt = values[val] if val in values else eval(re.sub(r"(\d+)U", r"\1", val), {}, dict(values))
            values[name] = nxt
            nxt += 1
        enums[m.group(1)] = values
    return enums


def header_defines(text):
    """{NAME: value} for the #defines that evaluate to a number or string."""
    defs = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+(.+?)\s*(?:/\*.*)?$", text, re.M):
        expr = re.sub(r"(\d+)U\b", r"\1", m.group(2))
        expr = re.sub(r"_BITUL\((\d+)\)", r"(1 << \1)", expr)
        try:
            defs[m.group(1)] = eval(expr, {}, dict(defs))
        except Exception:
            pass
    return defs


def real_entries(values):
    return {k: v for k, v in values.items() if not k.endswith(("_UNSPEC", "_MAX")) and not k.startswith("__")}


def main():
    spec = yaml.safe_load(open(SPEC))
    text = open(HEADER).read()
    enums, defs = header_enums(text), header_defines(text)
    results = []

    def check(name, ok, detail=""):
        results.append((name, ok, detail))

    def compare(what, expected, actual):
        missing = sorted(set(expected) - set(actual))
        extra = sorted(set(actual) - set(expected))
        wrong = sorted(k for k in expected if k in actual and expected[k] != actual[k])
        check(what, not (missing or extra or wrong),
              f"missing {missing} extra {extra} wrong values {wrong}")

    check("family name", spec["name"] == defs.get("P2PDMA_GENL_NAME", "").strip('"'),
          f"{spec['name']} vs {defs.get('P2PDMA_GENL_NAME')}")
    check("multicast group",
          [g["name"] for g in spec["mcast-groups"]["list"]] == [defs.get("P2PDMA_GENL_MCGRP_JOBS", "").strip('"')])

    ops = spec["operations"]
    expected, val = {}, 0
    for op in ops["list"]:
        val = op.get("value", val + 1) if expected else op.get("value", 1)
        expected[c_name(ops["name-prefix"], op["name"])] = val
    compare("commands", expected, real_entries(enums["p2pdma_cmd"]))

    for aset, enum in (("p2pdma", "p2pdma_attr"), ("phase", "p2pdma_phase_attr")):
        s = next(a for a in spec["attribute-sets"] if a["name"] == aset)
        expected, val = {}, 0
        for attr in s["attributes"]:
            val = attr.get("value", val + 1)
            expected[c_name(s["name-prefix"], attr["name"])] = val
        compare(f"attribute set {aset}", expected, real_entries(enums[enum]))

    for d in spec["definitions"]:
        names = [e if isinstance(e, str) else e["name"] for e in d["entries"]]
        if d["type"] == "enum":
            expected = {c_name(d["name-prefix"], n): i for i, n in enumerate(names)}
            enum = "p2pdma_" + d["name"].replace("-", "_")
            actual = {k: v for k, v in enums.get(enum, {}).items() if not k.endswith("_COUNT")}
            compare(f"enum {d['name']}", expected, actual)
        else:
            expected = {c_name(d["name-prefix"], n): 1 << i for i, n in enumerate(names)}
            actual = {k: v for k, v in defs.items() if k.startswith("P2PDMA_F_") and k != "P2PDMA_F_ALL"}
            compare(f"flags {d['name']}", expected, actual)
            check("flags mask", defs.get("P2PDMA_F_ALL") == sum(expected.values()))

    attrs = {a["name"]: a for a in spec["attribute-sets"][0]["attributes"]}
    limits = {
        ("chunk-size", "max"): "P2PDMA_CHUNK_SIZE_MAX",
        ("queue-depth", "max"): "P2PDMA_QUEUE_DEPTH_MAX",
        ("streams", "max"): "P2PDMA_STREAMS_MAX",
    }
    for (attr, key), define in limits.items():
        check(f"{attr} {key}", attrs[attr]["checks"][key] == defs.get(define),
              f"{attrs[attr]['checks'][key]} vs {define}={defs.get(define)}")
    check("path max-len", attrs["src-path"]["checks"]["max-len"] == defs["P2PDMA_PATH_MAX"] - 1)
    check("pci address max-len", attrs["provider"]["checks"]["max-len"] == defs["P2PDMA_PCI_ADDR_MAX"] - 1)

    print("KTAP version 1")
    print(f"1..{len(results)}")
    failed = 0
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            print(f"# {detail}")
    print(f"spec: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
