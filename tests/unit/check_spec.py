#!/usr/bin/python3
"""Keeps the YNL spec and the UAPI header in step.

Every command, attribute, enum and flag the spec names must have the same
value in include/uapi/linux/p2pdma_harness.h, the header must have nothing
the spec lacks, and the policy limits the spec states must match the
header's constants.  The spec's checks must also be what the kernel
enforces: the nla_policy tables in kmod/netlink.c are parsed and each
attribute's type, min, max, length limits and flags mask compared with the
spec's "checks" (the kernel is the truth; an attribute the policy leaves
unchecked must have no checks in the spec, and the other way round).
Prints one KTAP line per check and a closing "spec: N passed, N failed".
"""
import re
import sys

import yaml

TOP = sys.argv[1] if len(sys.argv) > 1 else "."
SPEC = f"{TOP}/Documentation/netlink/specs/p2pdma-harness.yaml"
HEADER = f"{TOP}/include/uapi/linux/p2pdma_harness.h"
POLICY_SOURCE = f"{TOP}/kmod/netlink.c"
KMOD_HEADER = f"{TOP}/kmod/harness.h"

# Kernel constants a policy may use that the UAPI header does not define.
KERNEL_CONSTANTS = {
    "SECTOR_SIZE": 512,
    "U8_MAX": 2**8 - 1, "U16_MAX": 2**16 - 1, "U32_MAX": 2**32 - 1, "U64_MAX": 2**64 - 1,
    "S8_MIN": -2**7, "S8_MAX": 2**7 - 1, "S16_MIN": -2**15, "S16_MAX": 2**15 - 1,
    "S32_MIN": -2**31, "S32_MAX": 2**31 - 1, "S64_MIN": -2**63, "S64_MAX": 2**63 - 1,
}
# nla_policy type -> YNL attribute type.
NLA_TYPES = {
    "NLA_U8": "u8", "NLA_U16": "u16", "NLA_U32": "u32", "NLA_U64": "u64",
    "NLA_S8": "s8", "NLA_S16": "s16", "NLA_S32": "s32", "NLA_S64": "s64",
    "NLA_UINT": "uint", "NLA_SINT": "sint",
    "NLA_NUL_STRING": "string", "NLA_STRING": "string", "NLA_FLAG": "flag",
    "NLA_NESTED": "nest", "NLA_BINARY": "binary",
}


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


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", " ", text, flags=re.S))


def split_top(text, sep=","):
    """Splits TEXT at SEP outside (), [] and {}."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def c_eval(expr, names):
    """Value of a C constant expression over NAMES; raises if it is not one."""
    py = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr.strip())
    py = re.sub(r"_BITUL\((\w+)\)", r"(1 << \1)", py)
    py = re.sub(r"BIT(?:_ULL)?\((\w+)\)", r"(1 << \1)", py)
    py = py.replace("/", "//")
    for ident in re.findall(r"\b[A-Za-z_]\w*\b", py):
        if ident not in names:
            raise ValueError(f"unknown constant {ident} in '{expr}'")
    return eval(py, {"__builtins__": {}}, dict(names))


def range_structs(text, names):
    """{name: {"min": v, "max": v}} for every netlink_range_validation; a
    field left out is 0, as in C."""
    out = {}
    for m in re.finditer(r"struct\s+netlink_range_validation(?:_signed)?\s+(\w+)\s*=\s*\{(.*?)\}\s*;", text, re.S):
        fields = {"min": 0, "max": 0}
        for part in split_top(m.group(2)):
            f = re.match(r"\.(\w+)\s*=\s*(.+)$", part, re.S)
            if f:
                fields[f.group(1)] = c_eval(f.group(2), names)
        out[m.group(1)] = fields
    return out


def policy_entry(value, names, ranges):
    """(YNL type, {check: value}) that one nla_policy initializer enforces."""
    m = re.match(r"(NLA_POLICY_\w+)\s*\((.*)\)$", value, re.S)
    if m:
        macro, args = m.group(1), split_top(m.group(2))
        nla = args[0]
        if macro == "NLA_POLICY_MIN":
            checks = {"min": c_eval(args[1], names)}
        elif macro == "NLA_POLICY_MAX":
            checks = {"max": c_eval(args[1], names)}
        elif macro == "NLA_POLICY_RANGE":
            checks = {"min": c_eval(args[1], names), "max": c_eval(args[2], names)}
        elif macro in ("NLA_POLICY_FULL_RANGE", "NLA_POLICY_FULL_RANGE_SIGNED"):
            ref = args[1].lstrip("&").strip()
            if ref not in ranges:
                raise ValueError(f"no netlink_range_validation named {ref}")
            checks = dict(ranges[ref])
        elif macro == "NLA_POLICY_MASK":
            checks = {"flags-mask": c_eval(args[1], names)}
        elif macro == "NLA_POLICY_EXACT_LEN":
            nla, checks = "NLA_BINARY", {"exact-len": c_eval(args[0], names)}
        elif macro == "NLA_POLICY_MIN_LEN":
            nla, checks = "NLA_BINARY", {"min-len": c_eval(args[0], names)}
        else:
            raise ValueError(f"{macro} is not understood here")
    else:
        m = re.match(r"\{(.*)\}$", value, re.S)
        if not m:
            raise ValueError(f"cannot read '{value}'")
        fields = {}
        for part in split_top(m.group(1)):
            f = re.match(r"\.(\w+)\s*=\s*(.+)$", part, re.S)
            if not f:
                raise ValueError(f"cannot read '{part}' in '{value}'")
            fields[f.group(1)] = f.group(2).strip()
        nla = fields.pop("type", "NLA_UNSPEC")
        checks = {}
        if "len" in fields:
            if nla not in ("NLA_NUL_STRING", "NLA_STRING", "NLA_BINARY"):
                raise ValueError(f".len on {nla} is not understood here")
            checks["max-len"] = c_eval(fields.pop("len"), names)
        if fields:
            raise ValueError(f"fields {sorted(fields)} are not understood here")
    if nla not in NLA_TYPES:
        raise ValueError(f"type {nla} is not understood here")
    return NLA_TYPES[nla], checks


def kernel_policies(text, names):
    """{table: {ATTR_ENUM_NAME: (type, checks)}} for each nla_policy table."""
    text = strip_comments(text)
    ranges = range_structs(text, names)
    tables = {}
    for m in re.finditer(r"struct\s+nla_policy\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\}\s*;", text, re.S):
        entries = {}
        for part in split_top(m.group(2)):
            e = re.match(r"\[\s*(\w+)\s*\]\s*=\s*(.+)$", part, re.S)
            if not e:
                raise ValueError(f"{m.group(1)}: cannot read '{part}'")
            entries[e.group(1)] = policy_entry(e.group(2).strip(), names, ranges)
        tables[m.group(1)] = entries
    return tables


TYPE_BITS = {"u8": 8, "u16": 16, "u32": 32, "u64": 64, "uint": 64,
             "s8": 8, "s16": 16, "s32": 32, "s64": 64, "sint": 64}


def type_limits(typ):
    bits = TYPE_BITS.get(typ)
    if bits is None:
        return None, None
    if typ.startswith("s"):
        return -2**(bits - 1), 2**(bits - 1) - 1
    return 0, 2**bits - 1


def normalise(typ, checks):
    """Drops what the type enforces anyway: min at the type's minimum, max
    at its maximum (a u64 range of 1..U64_MAX is "min 1")."""
    low, high = type_limits(typ)
    out = dict(checks)
    if low is not None and out.get("min") == low:
        del out["min"]
    if high is not None and out.get("max") == high:
        del out["max"]
    return out


def spec_checks(spec, attr, names):
    """The checks the spec states for ATTR, as numbers."""
    flags = {d["name"]: d for d in spec["definitions"] if d["type"] == "flags"}
    consts = {d["name"]: d["value"] for d in spec["definitions"] if d["type"] == "const"}
    out = {}
    for key, val in attr.get("checks", {}).items():
        if key == "flags-mask":
            entries = flags[val]["entries"]
            out[key] = (1 << len(entries)) - 1
        elif isinstance(val, int):
            out[key] = val
        elif val in consts:
            out[key] = consts[val]
        else:
            m = re.fullmatch(r"([us](?:8|16|32|64))-(min|max)", str(val))
            if not m:
                raise ValueError(f"{attr['name']}: {key} {val} is not understood here")
            low, high = type_limits(m.group(1))
            out[key] = low if m.group(2) == "min" else high
    return out


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

    # The kernel's policy tables against the spec's checks.
    names = dict(KERNEL_CONSTANTS)
    names.update({k: v for k, v in defs.items() if isinstance(v, int)})
    for values in enums.values():
        names.update(values)
    source = open(POLICY_SOURCE).read()
    for extra in (open(KMOD_HEADER).read(), source):
        names.update({k: v for k, v in header_defines(strip_comments(extra)).items()
                      if isinstance(v, int) and k not in names})
    try:
        tables = kernel_policies(source, names)
        problem = "" if tables else "no nla_policy table in kmod/netlink.c"
    except ValueError as e:
        tables, problem = {}, str(e)
    check("kernel policy tables read", not problem, problem)
    covered = set()
    for table, entries in tables.items():
        s = next((a for a in spec["attribute-sets"]
                  if all(k.startswith(c_name(a["name-prefix"], "")) for k in entries)), None)
        if s is None:
            check(f"policy {table} has an attribute set", False, f"no set has all of {sorted(entries)}")
            continue
        covered.add(s["name"])
        wrong = []
        byname = {c_name(s["name-prefix"], a["name"]): a for a in s["attributes"]}
        for enum_name in sorted(set(entries) - set(byname)):
            wrong.append(f"{enum_name} is in {table} but not in the spec")
        for enum_name, attr in byname.items():
            try:
                want = spec_checks(spec, attr, names)
            except (KeyError, ValueError) as e:
                wrong.append(f"{attr['name']}: {e}")
                continue
            if enum_name not in entries:
                if want:
                    wrong.append(f"{attr['name']}: spec checks {want}, {table} has no entry")
                continue
            typ, have = entries[enum_name]
            if typ != attr["type"]:
                wrong.append(f"{attr['name']}: {table} type {typ}, spec {attr['type']}")
            have, want = normalise(typ, have), normalise(attr["type"], want)
            if have != want:
                wrong.append(f"{attr['name']}: {table} enforces {have or 'nothing'}, spec checks {want or 'nothing'}")
        check(f"policy {table} matches attribute set {s['name']} checks", not wrong, "; ".join(wrong))
    for s in spec["attribute-sets"]:
        if s["name"] in covered or not tables:
            continue
        stray = [a["name"] for a in s["attributes"] if a.get("checks")]
        check(f"attribute set {s['name']} (no kernel policy) has no checks", not stray,
              f"checks on {stray} that no policy enforces")

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
