"""Configs for the differential test: the Go original's README example and unit-test cases, the parse
quirks of docs/compatibility.md, and seeded random ones (valid and invalid).

A case: name, source, config text (None: no file), agent flags, and the compatibility.md rows it
exercises where we deliberately differ (a difference in such a case is expected; anywhere else it is a
bug). Invalid configs must leave no rules with either agent.
"""
import ipaddress
import json
import random

RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]


def case(name, source, config, flags=(), tags=()):
    return {"name": name, "source": source, "config": config, "flags": list(flags), "tags": list(tags)}


def fixed():
    t, q, r = "go unit test", "compatibility.md", "README"
    return [
        case("readme-agent-config", r, "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - 172.16.0.0/12\n  - 192.168.0.0/16\n"
             "cidrLimit: 64\nmasqLinkLocal: false\nmasqLinkLocalIPv6: false\nresyncInterval: 60s\n"),
        case("readme-no-config-file", r, None),
        case("readme-nomasq-all-reserved-ranges", r, None, ["--nomasq-all-reserved-ranges"]),
        case("readme-masq-chain", r, None, ["--masq-chain=IP-MASQ"]),
        case("readme-random-fully-false", r, None, ["--random-fully=false"]),
        case("yaml-all-keys", t, "nonMasqueradeCIDRs:\n  - 172.16.0.0/12\n  - 10.0.0.0/8\ncidrLimit: 64\nmasqLinkLocal: true\nresyncInterval: 5s\n"),
        case("yaml-just-cidrs", t, "nonMasqueradeCIDRs:\n  - 192.168.0.0/16\n"),
        case("yaml-just-masqLinkLocal", t, "masqLinkLocal: true\n"),
        case("yaml-just-resyncInterval", t, "resyncInterval: 5m\n"),
        case("yaml-invalid", t, "*"),
        case("json-all-keys", t, '{\n  "nonMasqueradeCIDRs": ["172.16.0.0/12", "10.0.0.0/8"],\n  "masqLinkLocal": true,\n  "resyncInterval": "5s"\n}\n'),
        case("json-just-cidrs", t, '{\n\t"nonMasqueradeCIDRs": ["192.168.0.0/16"]\n}\n'),
        case("json-just-masqLinkLocal", t, '{\n\t"masqLinkLocal": true\n}\n'),
        case("json-just-resyncInterval", t, '{\n\t"resyncInterval": "5m"\n}\n'),
        case("json-invalid", t, "{*"),
        case("json-ipv6-cidr-ipv6-enabled", t, '{"nonMasqueradeCIDRs": ["172.16.0.0/12", "10.0.0.0/8", "fc00::/7"], "masqLinkLocal": true}', ["--enable-ipv6"]),
        case("json-ipv6-cidr-ipv6-disabled", t, '{"nonMasqueradeCIDRs": ["172.16.0.0/12", "10.0.0.0/8", "fc00::/7"]}'),
        case("validate-empty-list", t, "nonMasqueradeCIDRs: []\ncidrLimit: 64\n"),
        case("validate-garbage", t, "nonMasqueradeCIDRs: [abcdefg]\n"),
        case("validate-one-garbage", t, "nonMasqueradeCIDRs: [10.0.0.0/8, abcdefg]\n"),
        case("validate-bad-octet", t, "nonMasqueradeCIDRs: [10.256.0.0/16]\n"),
        case("validate-misaligned", t, "nonMasqueradeCIDRs: [10.0.0.1/8]\n"),
        case("rules-reserved-ranges-flag", t, None, ["--nomasq-all-reserved-ranges"]),
        case("rules-ipv6-default", t, None, ["--enable-ipv6"]),
        case("rules-ipv6-masqLinkLocalIPv6", t, "masqLinkLocalIPv6: true\n", ["--enable-ipv6"]),
        case("rules-ipv6-cidrs", t, "nonMasqueradeCIDRs: [10.0.0.0/8, fc00::/7, 2001:db8::/32]\n", ["--enable-ipv6"]),
        case("null-list", q, "nonMasqueradeCIDRs:\n"),
        case("null-item", q, "nonMasqueradeCIDRs:\n  -\n", tags=["L3"]),
        case("null-item-then-cidr", q, 'nonMasqueradeCIDRs: [null, "172.168.0.0/16"]\n', tags=["L3"]),
        case("empty-file", q, ""),
        case("comment-only", q, "# nothing here\n"),
        case("key-case", q, "NonMasqueradeCidrs: [192.168.0.0/16]\nMASQLINKLOCAL: true\n"),
        case("unknown-key", q, "nonMasqueradeCIDRs: [192.168.0.0/16]\nnonMasqueradeCIRDs: [10.0.0.0/8]\n"),
        case("yaml11-booleans", q, "masqLinkLocal: yes\nmasqLinkLocalIPv6: on\n", ["--enable-ipv6"]),
        case("y-boolean", q, "masqLinkLocal: y\n"),
        case("Y-boolean", q, "masqLinkLocal: Y\nmasqLinkLocalIPv6: N\n", ["--enable-ipv6"]),
        case("n-boolean", q, "masqLinkLocal: n\n"),
        case("quoted-boolean", q, 'masqLinkLocal: "true"\n'),
        case("number-duration", q, "resyncInterval: 60\n"),
        case("two-documents", q, "nonMasqueradeCIDRs: [192.168.0.0/16]\n---\nnonMasqueradeCIDRs: [10.0.0.0/8]\n"),
        case("top-level-list", q, "- 10.0.0.0/8\n"),
        case("cidr-limit-below-defaults", q, "cidrLimit: 2\n", tags=["S1"]),
        case("cidr-limit-exceeded", q, "nonMasqueradeCIDRs: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\ncidrLimit: 2\n"),
        case("cidr-limit-negative", q, "nonMasqueradeCIDRs: []\ncidrLimit: -1\n", tags=["S2"]),
        case("zero-prefix-padding", q, "nonMasqueradeCIDRs: [10.0.0.0/08]\n", tags=["L4"]),
        case("uppercase-ipv6", q, "nonMasqueradeCIDRs: [FC00::/7]\n", ["--enable-ipv6"]),
        case("ipv4-mapped-ipv6", q, "nonMasqueradeCIDRs: ['::ffff:10.0.0.0/104']\n", ["--enable-ipv6"], tags=["L5"]),
        case("duplicates", q, "nonMasqueradeCIDRs: [10.0.0.0/8, 192.168.0.0/16, 10.0.0.0/8]\n", tags=["L6"]),
        case("covered", q, "nonMasqueradeCIDRs: [10.0.0.0/8, 10.100.0.0/16]\n", tags=["L7"]),
        case("resync-zero", q, "resyncInterval: 0s\n", tags=["S4"]),
        case("leading-space-cidr", q, "nonMasqueradeCIDRs: [' 10.0.0.0/8']\n"),
        case("prefix-33", q, "nonMasqueradeCIDRs: [10.0.0.0/33]\n"),
        case("bare-ip", q, "nonMasqueradeCIDRs: [10.0.0.1]\n"),
    ]


def _cidr(rng, v6=False):
    if v6:
        plen = rng.choice([7, 16, 32, 48, 64, 96, 120])
        net = ipaddress.ip_network((rng.getrandbits(128), plen), strict=False)
    else:
        plen = rng.randint(8, 32)
        net = ipaddress.ip_network((rng.getrandbits(32), plen), strict=False)
    return str(net)


def _bad(rng):
    kind = rng.choice(["misaligned", "garbage", "octet", "prefix", "v6-disabled"])
    if kind == "misaligned":
        return f"10.{rng.randint(0, 255)}.{rng.randint(1, 255)}.{rng.randint(1, 255)}/{rng.randint(8, 23)}"
    if kind == "garbage":
        return rng.choice(["abc", "10.0.0.0/", "/8", "10.0.0.0/8/8", "10..0.0/8", "1.2.3/24"])
    if kind == "octet":
        return f"{rng.randint(256, 999)}.0.0.0/8"
    if kind == "prefix":
        return f"10.0.0.0/{rng.choice([33, 40, -1])}"
    return _cidr(rng, True)


def _overlaps(cidrs):
    nets = [ipaddress.ip_network(c) for c in cidrs]
    return any(a != b and a.version == b.version and a.subnet_of(b) for a in nets for b in nets) \
        or len(set(nets)) != len(nets)


def random_cases(seed, count):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        valid = i % 3 != 2
        v6 = rng.random() < 0.3
        items = [_cidr(rng, v6 and rng.random() < 0.5) for _ in range(rng.randint(0, 8))]
        tags = []
        if valid and _overlaps(items):
            tags.append("L6/L7")
        if not valid:
            items.insert(rng.randint(0, len(items)), _bad(rng))
        doc = {"nonMasqueradeCIDRs": items}
        if rng.random() < 0.4:
            doc["masqLinkLocal"] = rng.random() < 0.5
        if rng.random() < 0.3:
            doc["masqLinkLocalIPv6"] = rng.random() < 0.5
        if rng.random() < 0.3:
            doc["resyncInterval"] = rng.choice(["30s", "1m", "90s", "2m30s", "1h"])
        flags = ["--enable-ipv6"] if v6 else []
        if rng.random() < 0.2:
            flags.append("--nomasq-all-reserved-ranges")
        if rng.random() < 0.2:
            flags.append("--random-fully=false")
        if rng.random() < 0.5:
            text = json.dumps(doc)
        else:
            lines = ["nonMasqueradeCIDRs:"] + [f"  - {c}" if not c.startswith("/") else f"  - '{c}'" for c in items]
            lines += [f"{k}: {str(v).lower()}" for k, v in doc.items() if k != "nonMasqueradeCIDRs"]
            text = "\n".join(lines) + "\n"
        out.append(case(f"random-{seed}-{i:03d}-{'valid' if valid else 'invalid'}", f"random (seed {seed})", text, flags, tags))
    return out
