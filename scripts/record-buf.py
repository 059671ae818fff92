#!/usr/bin/env python3
"""Record buf's own verdict on every test case, as buf printed it.

protocheck's tests compare its findings with these recordings (tests/buf_oracle.rs); buf is not
a test dependency, the recorded files are. A maintainer runs this with buf 1.75 installed after
adding or changing a case, reviews the diff of the recordings, and commits them:

    npm install --prefix /tmp/buf @bufbuild/buf@1.75.0
    scripts/record-buf.py --buf /tmp/buf/node_modules/.bin/buf

For each case directory with `old/` and `new/` and each selection (a rule id or a category) the
case is checked in, the case is copied outside the repository, a buf.yaml

    version: v2
    breaking:
      use: [SELECTION]

is written into both copies, and

    buf breaking . --against ../old --error-format json

is run inside the `new` copy. Its stdout (JSON lines, as buf printed them) is written to
`<case>/buf/<SELECTION>.jsonl`. Exit 0 (no finding) and 100 (findings) are recorded; anything
else stops the script.

The cases and their selections:
  - testdata/rules/<ID>/{fires,near_miss}*     the rule ID (tests/rules.rs runs `--rule ID`)
  - testdata/evolution/<step>                  FILE, PACKAGE, WIRE_JSON, WIRE (tests/evolution.rs)
  - testdata/editions/cases/<case>             FILE, PACKAGE, WIRE_JSON, WIRE (tests/editions.rs
                                               selects rules and categories; a rule's findings
                                               are the same whichever category selects it)
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import re
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]


def policy_rules():
    """protocheck's own POLICY rules (src/rules/categories.rs), which buf does not know."""
    text = (ROOT / "src/rules/categories.rs").read_text()
    table = text.split("pub const POLICY", 1)[1].split("];", 1)[0]
    return set(re.findall(r'\(\s*"([A-Z0-9_]+)"', table))


def cases():
    """(case directory, [selection]) for every case, in a fixed order."""
    out = []
    skip = policy_rules()
    for rule in sorted((ROOT / "testdata/rules").iterdir()):
        if not rule.is_dir() or rule.name in skip:
            continue
        for case in sorted(rule.iterdir()):
            if case.is_dir() and case.name.startswith(("fires", "near_miss")):
                out.append((case, [rule.name]))
    for base in ["testdata/evolution", "testdata/editions/cases"]:
        for case in sorted((ROOT / base).iterdir()):
            if (case / "old").is_dir() and (case / "new").is_dir():
                out.append((case, CATEGORIES))
    return out


def record(buf, case, selection):
    with tempfile.TemporaryDirectory(prefix="record-buf-") as tmp:
        for side in ["old", "new"]:
            shutil.copytree(case / side, Path(tmp) / side)
            (Path(tmp) / side / "buf.yaml").write_text(
                f"version: v2\nbreaking:\n  use:\n    - {selection}\n"
            )
        run = subprocess.run(
            [buf, "breaking", ".", "--against", "../old", "--error-format", "json"],
            cwd=Path(tmp) / "new",
            capture_output=True,
            text=True,
            env={**os.environ, "BUF_CACHE_DIR": str(Path(tmp) / ".cache")},
        )
    rel = case.relative_to(ROOT)
    if run.returncode not in (0, 100):
        raise SystemExit(
            f"{rel} {selection}: buf exited {run.returncode}\n{run.stderr}{run.stdout}"
        )
    target = case / "buf" / f"{selection}.jsonl"
    target.parent.mkdir(exist_ok=True)
    target.write_text(run.stdout)
    return f"{rel} {selection}: {len(run.stdout.splitlines())} finding(s)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buf", default="buf", help="the buf binary (1.75)")
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    version = subprocess.run([args.buf, "--version"], capture_output=True, text=True)
    if version.returncode != 0 or not version.stdout.startswith("1.75."):
        sys.exit(f"need buf 1.75, got {version.stdout.strip() or version.stderr.strip()}")
    work = [(case, sel) for case, sels in cases() for sel in sels]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(record, args.buf, case, sel) for case, sel in work]
        for f in futures:
            print(f.result())
    print(f"{len(work)} recordings from buf {version.stdout.strip()}")


if __name__ == "__main__":
    main()
