#!/usr/bin/python3
# Reads lava-run's log on stdin as it runs (one YAML mapping a line, the
# format a LAVA server stores as a job's log), keeps it in OUTDIR/lava.log
# and the guest's console in OUTDIR/console.log, prints each test case as
# LAVA records it, and closes with "lava: N passed, N failed, N skipped".
# The verdict is LAVA's own: its test cases, its result for each of its
# actions, and the job's result (OUTDIR/result.yaml, written by lava-run
# before it exits).  Fails on a failed test case, on none at all, or when
# the job or one of LAVA's actions failed.
# Usage: lava-run ... 2>&1 | results.py OUTDIR
# /usr/bin/python3: LAVA's yaml module is Debian's, not another Python's.
import subprocess
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
outdir, kernel_log_check = sys.argv[1:3]
counts = {"pass": 0, "fail": 0, "skip": 0}
lava_failures = []

with open(f"{outdir}/lava.log", "w") as log, open(f"{outdir}/console.log", "w") as console:
    for line in sys.stdin:
        log.write(line)
        try:
            record = yaml.load(line, Loader=Loader)
        except yaml.YAMLError:
            record = None
        if not isinstance(record, dict) or "lvl" not in record:
            # Not LAVA's: a Python warning or a traceback on stderr.
            print(line, end="", flush=True)
            continue
        lvl, msg = record["lvl"], record.get("msg")
        if lvl in ("target", "feedback"):
            console.write(f"{msg}\n")
        elif lvl == "info" and isinstance(msg, str) and msg.startswith(("start: ", "end: ")):
            print(f"lava: {msg}", flush=True)
        elif lvl in ("error", "exception"):
            print(f"lava: {lvl}: {msg}", flush=True)
        elif lvl == "results" and isinstance(msg, dict):
            if msg.get("definition") == "lava":
                # LAVA's own steps; "job" is in result.yaml as well.
                if msg.get("result") == "fail" and msg.get("case") != "job":
                    lava_failures.append(msg.get("case"))
                continue
            result = msg.get("result")
            # "unknown" is no pass: it counts as a failure.
            counts["fail" if result not in counts else result] += 1
            print(f"lava: {result} {msg.get('definition')}/{msg.get('case')}", flush=True)

try:
    with open(f"{outdir}/result.yaml") as f:
        job = yaml.load(f, Loader=Loader) or {}
except FileNotFoundError:
    job = {"result": "fail", "error_msg": "lava-run wrote no result.yaml"}

ok = True
if job.get("result") != "pass":
    print(f"lava: the job failed ({job.get('error_type')}): {job.get('error_msg')}")
    ok = False
for case in lava_failures:
    print(f"lava: LAVA's step {case} failed")
    ok = False
total = sum(counts.values())
if total == 0:
    print("lava: LAVA recorded no test case")
    ok = False
if counts["fail"]:
    ok = False
if subprocess.run([kernel_log_check, f"{outdir}/console.log"]).returncode != 0:
    ok = False
print(f"lava: {counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
sys.exit(0 if ok else 1)
