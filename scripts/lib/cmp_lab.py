"""Throw-away network namespaces, the two agents started inside them, and a kernel observer.

Shared by scripts/bench-compare.sh (cmp_run.py) and scripts/diff-go.sh (diff_go.py). Everything runs in
namespaces created here and deleted at exit; nothing touches the root namespace's firewall or the
host's /etc (the Go agent reads its fixed /etc/config/ip-masq-agent through an overlay of /etc in a
private mount namespace, with our config directory bind-mounted on /etc/config).
"""
import atexit
import itertools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")
_namespaces = []
_processes = []
_scratch = []
_names = itertools.count()
_names_lock = threading.Lock()


def scratch(prefix):
    """A temporary directory removed at exit, after the processes using it have ended."""
    d = tempfile.mkdtemp(prefix=prefix)
    _scratch.append(d)
    return d


def _cleanup():
    for p in _processes:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
    for ns in _namespaces:
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    for d in _scratch:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *_: (_cleanup(), os._exit(143)))


def netns(prefix="cmp"):
    """Creates a network namespace with lo up; deleted at exit (or by drop())."""
    with _names_lock:  # unique also when scenarios create namespaces from several threads
        name = f"{prefix}{os.getpid()}-{next(_names)}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    _namespaces.append(name)
    subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
    return name


def drop(ns):
    subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    if ns in _namespaces:
        _namespaces.remove(ns)


def topology():
    """pod 10.244.1.2 -> node 10.244.1.1 | 203.0.113.1 (forwarding) -> ext 203.0.113.2; ext blackholes
    198.18.0.0/15. Three namespaces of our own, deleted at exit; returns their names."""
    pod, node, ext = netns("cpod"), netns("cnode"), netns("cext")
    sh = lambda *a: subprocess.run(["ip", *a], check=True)  # noqa: E731
    sh("-n", pod, "link", "add", "eth0", "type", "veth", "peer", "name", "pod0", "netns", node)
    sh("-n", node, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns", ext)
    sh("-n", pod, "addr", "add", "10.244.1.2/24", "dev", "eth0")
    sh("-n", node, "addr", "add", "10.244.1.1/24", "dev", "pod0")
    sh("-n", node, "addr", "add", "203.0.113.1/24", "dev", "eth1")
    sh("-n", ext, "addr", "add", "203.0.113.2/24", "dev", "eth0")
    for ns, dev in ((pod, "eth0"), (node, "pod0"), (node, "eth1"), (ext, "eth0")):
        sh("-n", ns, "link", "set", dev, "up")
    sh("-n", pod, "route", "add", "default", "via", "10.244.1.1")
    sh("-n", node, "route", "add", "default", "via", "203.0.113.2")
    sh("-n", ext, "route", "add", "blackhole", "198.18.0.0/15")
    subprocess.run(["ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1"], check=True)
    return pod, node, ext


def spawn(args, log_path, **kw):
    with open(log_path, "ab") as log:
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kw)
    _processes.append(p)
    return p


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in _processes:
        _processes.remove(p)


class Tools:
    """A directory of `iptables*` links to one xtables binary: the Go agent execs `iptables` from PATH,
    so this pins its mode (legacy or nft) to the one our agent is given."""

    def __init__(self, mode, root):
        self.mode = mode
        self.bin = os.path.join(root, f"tools-{mode}")
        os.makedirs(self.bin, exist_ok=True)
        multi = shutil.which(f"xtables-{mode}-multi")
        if multi is None:
            raise SystemExit(f"xtables-{mode}-multi not found (install iptables)")
        for tool in ("iptables", "iptables-save", "iptables-restore", "ip6tables", "ip6tables-save", "ip6tables-restore"):
            link = os.path.join(self.bin, tool)
            if not os.path.islink(link):
                os.symlink(multi, link)

    def run(self, ns, *args, input=None):
        """Runs an iptables tool of this mode inside ns (never in the root namespace)."""
        return subprocess.run(["ip", "netns", "exec", ns, os.path.join(self.bin, args[0]), *args[1:]],
                              input=input, capture_output=True, text=True)


class Agents:
    """Starts either agent in a namespace, each with its own config directory."""

    def __init__(self, image, go_binary, tools, work):
        self.image, self.go, self.tools, self.work = image, go_binary, tools, work

    def ours(self, ns, config_dir, backend, log, extra=()):
        lock = os.path.join(os.path.dirname(config_dir), "agent.lock")
        return spawn(["ip", "netns", "exec", ns, os.path.join(self.image, "bin/ip-masq-agent"), "run",
                      f"--backend={backend}", f"--config-dir={config_dir}", f"--lock-file={lock}", *extra], log)

    def go_agent(self, ns, config_dir, log, extra=()):
        root = tempfile.mkdtemp(dir=self.work, prefix="etc-")
        upper, workdir = os.path.join(root, "upper"), os.path.join(root, "work")
        os.makedirs(upper), os.makedirs(workdir)
        # Private mount namespace: /etc becomes an overlay (writes go to our temp dir), then our config
        # dir is bound on /etc/config. Every step execs, so the PID we hold is the agent's.
        script = ('mount -t overlay cmp-etc -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc'
                  ' && mkdir -p /etc/config && mount --bind "$3" /etc/config'
                  ' && export PATH="$4:$PATH" && agent="$5" && shift 5 && exec "$agent" --logtostderr "$@"')
        return spawn(["ip", "netns", "exec", ns, "unshare", "-m", "--propagation", "private", "sh", "-c", script,
                      "sh", upper, workdir, config_dir, self.tools.bin, self.go, *extra], log)


def write_config(config_dir, text, layout="plain"):
    """Writes the config file `ip-masq-agent` (plain file) or kubelet's layout (KEY -> ..data/KEY); returns
    (time.monotonic(), time.time()) right after the file or `..data` was renamed into place."""
    os.makedirs(config_dir, exist_ok=True)
    if layout == "plain":
        tmp = os.path.join(config_dir, ".ip-masq-agent.tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(config_dir, "ip-masq-agent"))
        return time.monotonic(), time.time()
    stamp = f"..{time.strftime('%Y_%m_%d_%H_%M_%S')}.{time.monotonic_ns()}"
    os.mkdir(os.path.join(config_dir, stamp))
    with open(os.path.join(config_dir, stamp, "ip-masq-agent"), "w") as f:
        f.write(text)
    data = os.path.join(config_dir, "..data")
    old = os.readlink(data) if os.path.islink(data) else None
    os.symlink(stamp, os.path.join(config_dir, "..data_tmp"))
    os.replace(os.path.join(config_dir, "..data_tmp"), data)
    renamed = time.monotonic(), time.time()
    key = os.path.join(config_dir, "ip-masq-agent")
    if not os.path.islink(key):
        tmp = os.path.join(config_dir, ".key_tmp")
        os.symlink("..data/ip-masq-agent", tmp)
        os.replace(tmp, key)
    if old:
        shutil.rmtree(os.path.join(config_dir, old), ignore_errors=True)
    return renamed


def cidr_config(cidrs, resync=None, limit=None):
    lines = ["nonMasqueradeCIDRs:"] + [f"  - {c}" for c in cidrs]
    if limit:
        lines.append(f"cidrLimit: {limit}")
    if resync:
        lines.append(f"resyncInterval: {resync}")
    return "\n".join(lines) + "\n"


def cpu_ticks(pid):
    """(agent's own utime+stime, its reaped children's cutime+cstime) in seconds, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime) / TICK, (cutime + cstime) / TICK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Observer:
    """Sees rule changes in one namespace without distorting the agent under test.

    nft mode (nftables and iptables-nft): `nft monitor` streams every change, read by a thread and
    stamped on arrival: no polling. legacy mode: `iptables-legacy-save -t nat` every `poll` seconds;
    lines new since the previous poll are stamped with the poll's time (resolution = the poll period).
    Both give a list of (time, line) to search with a regex after a start time."""

    def __init__(self, ns, mode, tools, poll=0.02):
        self.ns, self.mode, self.tools, self.poll = ns, mode, tools, poll
        self.lines = []
        self.cond = threading.Condition()
        self.closed = False
        if mode == "legacy":
            self.thread = threading.Thread(target=self._poll_loop, daemon=True)
            self.thread.start()
        else:
            self.proc = subprocess.Popen(["ip", "netns", "exec", ns, "stdbuf", "-oL", "nft", "monitor"],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            _processes.append(self.proc)
            self.thread = threading.Thread(target=self._read_loop, daemon=True)
            self.thread.start()
            self._sync_monitor()

    def _add(self, stamp, line):
        with self.cond:
            self.lines.append((stamp, line))
            self.cond.notify_all()

    def _read_loop(self):
        for line in self.proc.stdout:
            self._add(time.monotonic(), line.rstrip("\n"))

    def _sync_monitor(self):
        # The monitor subscribes asynchronously: make changes of our own until one is seen.
        nft = ["ip", "netns", "exec", self.ns, "nft"]
        for attempt in range(100):
            probe = f"cmpprobe{attempt}"
            subprocess.run(nft + ["add", "table", "inet", probe], check=True)
            seen = self.wait(rf"add table inet {probe}\b", 0, 0.1) is not None
            subprocess.run(nft + ["delete", "table", "inet", probe], check=True)
            if seen:
                self.wait(rf"delete table inet {probe}\b", 0, 5)
                return
        raise RuntimeError("nft monitor saw nothing")

    def _poll_loop(self):
        seen = set()
        while not self.closed:
            stamp = time.monotonic()
            out = self.tools.run(self.ns, "iptables-save", "-t", "nat").stdout
            now = {ln for ln in out.splitlines() if ln.startswith("-A ")}
            for ln in sorted(now - seen):
                self._add(stamp, ln)
            seen = now
            time.sleep(self.poll)

    def wait(self, pattern, since, timeout):
        """Time of the first line matching pattern stamped at or after `since`, or None at the deadline."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for stamp, line in self.lines:
                    if stamp >= since and rx.search(line):
                        return stamp
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 0.5))

    def wait_all(self, patterns, since, timeout):
        """Time by which every pattern was seen after `since` (the latest of them), or None."""
        deadline = time.monotonic() + timeout
        stamps = []
        for p in patterns:
            s = self.wait(p, since, max(0.0, deadline - time.monotonic()))
            if s is None:
                return None
            stamps.append(s)
        return max(stamps)

    def close(self):
        self.closed = True
        if self.mode != "legacy":
            stop(self.proc)


# What "the rules are in the kernel" looks like to each observer.
MASQ = r"masquerade|-j MASQUERADE"
JUMP = r"jump IP-MASQ-AGENT|-j IP-MASQ-AGENT( |$)"
