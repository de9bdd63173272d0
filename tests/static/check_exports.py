#!/usr/bin/python3
"""Every symbol a module leaves undefined must be exported by a kernel tree.

usage: check_exports.py TREE MODULE.ko

For a tree that was only prepared (no Module.symvers), modpost cannot tell
whether the module's undefined symbols exist: this does, from the source.
One pass over TREE's .c, .S and .h files (all but other architectures
than x86, and tools/, scripts/, samples/, Documentation/) collects what
EXPORT_SYMBOL, EXPORT_SYMBOL_GPL, EXPORT_SYMBOL_NS and EXPORT_SYMBOL_NS_GPL
name, plus EXPORT_PER_CPU_SYMBOL*, the symbols the static-call and
tracepoint export macros make, and what a macro defined to wrap one of
those exports (#define __EXPORT_THUNK(sym) ... EXPORT_SYMBOL(sym)).  An
export built by token pasting onto a literal (EXPORT_SYMBOL(__asan_load
##size), __EXPORT_THUNK(__x86_indirect_thunk_ ## reg)) counts as a prefix;
one pasted onto a macro's parameter (EXPORT_SYMBOL_GPL(_x ## _key)) is
skipped, so it can only miss a symbol, never vouch for a wrong one.  The set is
cached in TREE/.p2pdma-harness-exports, keyed on this script's contents.
Prints each undefined symbol the tree does not export and exits 1 if any.
"""
import hashlib
import os
import re
import subprocess
import sys

# Undefined symbols kbuild itself resolves, not the tree's exports.  None so
# far: __this_module is the one a module's objects leave undefined, and the
# .mod.c kbuild generates defines it inside the .ko this looks at.
KBUILD_PROVIDES = set()

SKIP_TOP = {"tools", "scripts", "samples", "Documentation", "usr", ".git"}

# Export macros: which argument names the symbol, and the prefixes the
# exported names get (a static call exports a key and a trampoline).
BASE = {
    "EXPORT_SYMBOL": (0, ("",)), "EXPORT_SYMBOL_GPL": (0, ("",)),
    "EXPORT_SYMBOL_NS": (0, ("",)), "EXPORT_SYMBOL_NS_GPL": (0, ("",)),
    "EXPORT_PER_CPU_SYMBOL": (0, ("",)), "EXPORT_PER_CPU_SYMBOL_GPL": (0, ("",)),
    "EXPORT_STATIC_CALL": (0, ("__SCT__", "__SCK__")),
    "EXPORT_STATIC_CALL_GPL": (0, ("__SCT__", "__SCK__")),
    "EXPORT_STATIC_CALL_TRAMP": (0, ("__SCT__",)),
    "EXPORT_STATIC_CALL_TRAMP_GPL": (0, ("__SCT__",)),
    "EXPORT_TRACEPOINT_SYMBOL": (0, ("__tracepoint_", "__traceiter_", "__SCT__tp_func_", "__SCK__tp_func_")),
    "EXPORT_TRACEPOINT_SYMBOL_GPL": (0, ("__tracepoint_", "__traceiter_", "__SCT__tp_func_", "__SCK__tp_func_")),
}
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
DEFINE = re.compile(r"\s*#\s*define\s+(\w+)\(([^)]*)\)(.*)", re.S)
USE = re.compile(r"\b(\w*EXPORT\w*)\s*\(")
IDENT = re.compile(r"[A-Za-z_]\w*")


def args_at(line, pos):
    """The top-level arguments of the call whose "(" is at POS."""
    depth, cur, out = 0, "", []
    for ch in line[pos:]:
        if ch == "(":
            depth += 1
            if depth == 1:
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(cur.strip())
                return out
        if ch == "," and depth == 1:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return out


def uses(text):
    """(macro, argument strings, params of the enclosing #define or ()) for
    every call of a macro named like *EXPORT* in TEXT."""
    text = COMMENT.sub(" ", text).replace("\\\n", " ")
    for line in text.split("\n"):
        if "EXPORT" not in line:
            continue
        d = DEFINE.match(line)
        params = tuple(p.strip() for p in d.group(2).split(",")) if d else ()
        for m in USE.finditer(line):
            if d and m.start() < d.start(3):
                continue	# the name being defined
            yield (d.group(1) if d else None), m.group(1), args_at(line, m.end() - 1), params


def scan(tree):
    calls = []
    for top in sorted(os.listdir(tree)):
        if top in SKIP_TOP or not os.path.isdir(os.path.join(tree, top)):
            continue
        for root, dirs, files in os.walk(os.path.join(tree, top)):
            if root == os.path.join(tree, "arch"):
                dirs[:] = [d for d in dirs if d == "x86"]
            for f in files:
                if not f.endswith((".c", ".S", ".h")):
                    continue
                try:
                    with open(os.path.join(root, f), "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                if b"EXPORT" in data:
                    calls.extend(uses(data.decode("latin-1")))
    # Wrappers: #define W(..., sym, ...) EXPORTER(sym), to a fixed point.
    exporters = dict(BASE)
    changed = True
    while changed:
        changed = False
        for defined, macro, args, params in calls:
            if not defined or defined in exporters or macro not in exporters:
                continue
            idx, prefixes = exporters[macro]
            if idx < len(args) and args[idx] in params:
                exporters[defined] = (params.index(args[idx]), prefixes)
                changed = True
    names, prefixes = set(), set()
    for defined, macro, args, params in calls:
        if macro not in exporters or exporters[macro][0] >= len(args) or defined in BASE:
            continue	# the export macros' own definitions are in BASE
        idx, pre = exporters[macro]
        parts = [p.strip() for p in args[idx].split("##")]
        if not all(IDENT.fullmatch(p) for p in parts) or parts[0] in params:
            continue	# not a name, or a macro's parameter
        if len(parts) == 1:
            names.update(p + parts[0] for p in pre)
        else:
            prefixes.update(p + parts[0] for p in pre)
    return names, prefixes


def exports(tree):
    key = hashlib.sha256(open(__file__, "rb").read()).hexdigest()
    cache = os.path.join(tree, ".p2pdma-harness-exports")
    try:
        with open(cache) as fh:
            lines = fh.read().split("\n")
        if lines[0] == key:
            names = {l for l in lines[1:] if l and not l.startswith("prefix ")}
            prefixes = {l[7:] for l in lines[1:] if l.startswith("prefix ")}
            return names, prefixes
    except OSError:
        pass
    names, prefixes = scan(tree)
    if len(names) < 1000:
        sys.exit(f"only {len(names)} exports found in {tree}: not a kernel tree?")
    tmp = f"{cache}.{os.getpid()}"
    with open(tmp, "w") as fh:
        fh.write(key + "\n")
        fh.writelines(n + "\n" for n in sorted(names))
        fh.writelines(f"prefix {p}\n" for p in sorted(prefixes))
    os.replace(tmp, cache)
    return names, prefixes


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    tree, module = sys.argv[1:]
    out = subprocess.run(["nm", "-u", module], check=True, capture_output=True, text=True).stdout
    undefined = sorted({line.split()[-1] for line in out.splitlines() if line.strip()})
    if not undefined:
        print(f"nm -u found no undefined symbol in {module}")
        return 1
    names, prefixes = exports(tree)
    missing = [s for s in undefined
               if s not in names and s not in KBUILD_PROVIDES
               and not any(s.startswith(p) for p in prefixes)]
    for s in missing:
        print(f"{os.path.basename(module)}: {s} is not exported by {tree}")
    print(f"{len(undefined) - len(missing)} of {len(undefined)} undefined symbols exported by the tree")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
