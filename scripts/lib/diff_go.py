"""Differential test: both agents on the same config, one sync each, `iptables-save -t nat` compared.

usage: diff_go.py OUT_DIR IMAGE GO_BINARY MODE SEED COUNT
Each case gets two fresh network namespaces. The Go agent runs until its first sync is in the kernel
(or it logged an error), then is stopped; ours runs `run --once` with the same flags. Both dumps are
normalised (generated-by comments dropped; the Go v2.11.0 jump comment's literal quotes, fixed upstream
in v2.12.2 and not reproduced here, removed and counted) and compared. Writes OUT_DIR/diff-go.md and
OUT_DIR/diff-go.json.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab as lab  # noqa: E402
from diff_go_cases import fixed, random_cases  # noqa: E402

out_dir, image, go_binary, mode, seed, count = sys.argv[1:7]
work = lab.scratch("diffgo-")
tools = lab.Tools(mode, work)
agents = lab.Agents(image, go_binary, tools, work)
QUOTED_JUMP = re.compile(r'--comment "\\"(ip-masq-agent: ensure nat POSTROUTING[^"\\]*)\\""')


def dump(ns, ipv6):
    text = tools.run(ns, "iptables-save", "-t", "nat").stdout
    if ipv6:
        text += tools.run(ns, "ip6tables-save", "-t", "nat").stdout
    return text


def normalise(text):
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    quoted = sum(1 for ln in lines if QUOTED_JUMP.search(ln))
    return [QUOTED_JUMP.sub(r'--comment "\1"', ln) for ln in lines], quoted


def complete(text, ipv6, chain):
    tables = text.split("*nat")
    done = [t for t in tables if f"-j {chain}" in t and "-j MASQUERADE" in t]
    return len(done) >= (2 if ipv6 else 1)


def chain_of(flags):
    for f in flags:
        if f.startswith("--masq-chain="):
            return f.split("=", 1)[1]
    return "IP-MASQ-AGENT"


def run_go(c, cfg):
    ns = lab.netns("dgo")
    log = os.path.join(cfg, "..", "go.log")
    ipv6 = "--enable-ipv6" in c["flags"]
    p = agents.go_agent(ns, cfg, log, ["--v=2", *c["flags"]])
    deadline = time.monotonic() + 15
    error = None
    while time.monotonic() < deadline:
        time.sleep(0.05)
        text = open(log, errors="replace").read()
        m = re.search(r"^E\d{4} [^\]]*\] (.*)$", text, re.M)
        if m:
            error = m.group(1)
            break
        if p.poll() is not None:
            error = f"exited {p.returncode}: " + text.strip().splitlines()[-1] if text.strip() else f"exited {p.returncode}"
            break
        if complete(dump(ns, ipv6), ipv6, chain_of(c["flags"])):
            break
    else:
        error = "timeout: no rules and no error after 15 s"
    time.sleep(0.1)
    text = dump(ns, ipv6)
    lab.stop(p)
    lab.drop(ns)
    return text, error


def run_ours(c, cfg):
    ns = lab.netns("dour")
    ipv6 = "--enable-ipv6" in c["flags"]
    r = subprocess.run(
        ["ip", "netns", "exec", ns, os.path.join(image, "bin/ip-masq-agent"), "run", "--once", f"--backend=iptables-{mode}",
         f"--config-dir={cfg}", f"--lock-file={cfg}/../lock", "--health-bind-address=", "--metrics-bind-address=", *c["flags"]],
        capture_output=True, text=True)
    errors = [ln for ln in r.stderr.splitlines() if " ERROR " in ln or ln.startswith("error")]
    text = dump(ns, ipv6)
    lab.drop(ns)
    return text, None if r.returncode == 0 else f"exit {r.returncode}: " + (errors[0] if errors else r.stderr.strip()[-200:])


results = []
cases = fixed() + random_cases(int(seed), int(count))
for c in cases:
    d = tempfile.mkdtemp(dir=work)
    cfg = os.path.join(d, "config")
    os.makedirs(cfg)
    if c["config"] is not None:
        with open(os.path.join(cfg, "ip-masq-agent"), "w") as f:
            f.write(c["config"])
    go_text, go_err = run_go(c, cfg)
    our_text, our_err = run_ours(c, cfg)
    go_lines, quoted = normalise(go_text)
    our_lines, _ = normalise(our_text)
    same = go_lines == our_lines
    verdict = "same" if same else ("deliberate: " + ", ".join(c["tags"]) if c["tags"] else "UNEXPLAINED")
    only_go = list((Counter(go_lines) - Counter(our_lines)).elements())     # a duplicate rule counts
    only_ours = list((Counter(our_lines) - Counter(go_lines)).elements())
    results.append({**c, "verdict": verdict, "go_error": go_err, "our_error": our_err, "go_quoted_jumps": quoted,
                    "only_go": only_go, "only_ours": only_ours})
    print(f"{verdict:24} {c['name']}", flush=True)

os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "diff-go.json"), "w") as f:
    json.dump({"mode": mode, "seed": int(seed), "random": int(count), "go": os.environ.get("CMP_GO_NAME", ""),
               "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cases": results}, f, indent=1)
n_same = sum(r["verdict"] == "same" for r in results)
n_del = sum(r["verdict"].startswith("deliberate") for r in results)
n_bad = sum(r["verdict"] == "UNEXPLAINED" for r in results)


def cell(s):
    return "" if not s else s.replace("|", "\\|").replace("\n", " ")[:160]


with open(os.path.join(out_dir, "diff-go.md"), "w") as f:
    f.write(f"# Differential test against the Go original: last results\n\nWritten by `scripts/diff-go.sh` "
            f"{time.strftime('%Y-%m-%d', time.gmtime())}: {os.environ.get('CMP_GO_NAME', 'Go agent')} vs this agent, iptables-{mode}, "
            f"{len(results)} cases ({len(results) - int(count)} fixed, {count} random with seed {seed}). "
            f"**{n_same} same, {n_del} deliberate differences, {n_bad} unexplained.** The Go v2.11.0 jump comment's "
            f"literal quotes (removed upstream in v2.12.2, whose rules we reproduce) are normalised away first. "
            f"Tags are rows of [compatibility.md](../compatibility.md). Details per case: [diff-go.json](diff-go.json).\n\n")
    f.write("| case | source | verdict | Go error | our error | only in Go's rules | only in ours |\n|---|---|---|---|---|---|---|\n")
    for r in results:
        f.write(f"| {r['name']} | {r['source']} | {r['verdict']} | {cell(r['go_error'])} | {cell(r['our_error'])} | "
                f"{cell(' '.join(r['only_go']))} | {cell(' '.join(r['only_ours']))} |\n")
print(f"{n_same} same, {n_del} deliberate, {n_bad} unexplained; wrote {out_dir}/diff-go.md")
