#!/usr/bin/env python3
"""The stand-alone builds use the root pom's versions; the manifests deploy the image this tree builds.

examples/plugin-windows-outboundnat and deploy/validator have no parent on purpose (the example is built the
way a third party builds a plugin; the validator is a tool, not part of the agent), so Maven cannot give them
the root's versions. This check does: every plugin and dependency version they declare must equal the
root's for the same artifact (pluginManagement; dependencyManagement, including the BOMs it imports), and
their Java release must be the root's. Versions of things the root does not use (the Kubernetes model, Helm)
are theirs. Prints each mismatch with file, artifact and both versions; exit 1 when there is one.

The image is tagged with the agent's version, the root pom's (scripts/build-container.sh refuses another tag,
and `ip-masq-agent version` inside it prints the same); so deploy/ip-masq-agent.yaml's image, the chart's
values.yaml image.tag and Chart.yaml appVersion must be that version too: a release changes the pom's
version, and the manifests follow (docs/deploy.md "Versions").

    python3 scripts/lib/check_versions.py [ROOT_POM STANDALONE_POM...]
    python3 scripts/lib/check_versions.py --self-test   (a drifted sample must be caught, exactly)
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
STANDALONE = ["examples/plugin-windows-outboundnat/pom.xml", "deploy/validator/pom.xml"]
HERE = os.path.dirname(os.path.abspath(__file__))


def text(element, path):
    found = element.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


def properties(pom):
    props = {}
    node = pom.find("m:properties", NS)
    for child in (node if node is not None else []):
        props[child.tag.split("}")[1]] = (child.text or "").strip()
    props["project.version"] = text(pom, "m:version") or text(pom, "m:parent/m:version")
    return props


def resolve(value, props):
    for _ in range(10):
        new = re.sub(r"\$\{([^}]+)}", lambda m: props.get(m.group(1), m.group(0)), value)
        if new == value:
            break
        value = new
    return value


def declared(pom, props, section):
    """{groupId:artifactId: version} of plugins (section 'plugin') or dependencies, wherever declared."""
    out = {}
    for node in pom.iter("{%s}%s" % (NS["m"], section)):
        version = text(node, "m:version")
        if version is None:
            continue
        group = text(node, "m:groupId") or "org.apache.maven.plugins"
        out[group + ":" + text(node, "m:artifactId")] = resolve(version, props)
    return out


def managed(root):
    """The root's versions: plugins, dependencies, and group prefixes covered by imported BOMs."""
    props = properties(root)
    plugins = {}
    for node in root.findall("m:build/m:pluginManagement/m:plugins/m:plugin", NS):
        group = text(node, "m:groupId") or "org.apache.maven.plugins"
        plugins[group + ":" + text(node, "m:artifactId")] = resolve(text(node, "m:version"), props)
    deps, boms = {}, {}
    for node in root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS):
        key = text(node, "m:groupId") + ":" + text(node, "m:artifactId")
        version = resolve(text(node, "m:version"), props)
        if text(node, "m:scope") == "import":
            # jackson-bom manages com.fasterxml.jackson.*, junit-bom org.junit.*: their group families.
            boms[text(node, "m:groupId")] = version
        else:
            deps[key] = version
    return props, plugins, deps, boms


def problems(root_path, standalone_paths):
    root = ET.parse(root_path).getroot()
    props, plugins, deps, boms = managed(root)
    found = []
    for path in standalone_paths:
        pom = ET.parse(path).getroot()
        own = properties(pom)
        release = own.get("maven.compiler.release")
        if release != props.get("maven.compiler.release"):
            found.append(f"{path}: maven.compiler.release {release} != root {props.get('maven.compiler.release')}")
        for key, version in sorted(declared(pom, own, "plugin").items()):
            if key not in plugins:
                found.append(f"{path}: plugin {key} {version} is not in the root's pluginManagement")
            elif version != plugins[key]:
                found.append(f"{path}: plugin {key} {version} != root {plugins[key]}")
        for key, version in sorted(declared(pom, own, "dependency").items()):
            group = key.split(":")[0]
            bom = next((v for g, v in boms.items() if group == g or group.startswith(g + ".")), None)
            want = deps.get(key, bom)
            if want is not None and version != want:
                found.append(f"{path}: dependency {key} {version} != root {want}")
    return found


IMAGE_REFS = [("deploy/ip-masq-agent.yaml", r"^\s*image:\s*\S*ip-masq-agent:(\S+)\s*$"),
              ("deploy/helm/ip-masq-agent/values.yaml", r"^\s+tag:\s*\"?([^\"\s]+)\"?\s*$"),
              ("deploy/helm/ip-masq-agent/Chart.yaml", r"^appVersion:\s*\"?([^\"\s]+)\"?\s*$")]


def image_tag_problems(root_path, base):
    """Every image reference of the manifests against the root pom's version."""
    version = properties(ET.parse(root_path).getroot())["project.version"]
    found = []
    for path, pattern in IMAGE_REFS:
        with open(os.path.join(base, path), encoding="utf-8") as f:
            tags = re.findall(pattern, f.read(), re.MULTILINE)
        if not tags:
            found.append(f"{path}: no image tag found")
        found += [f"{path}: image tag {t} != the agent's version {version}" for t in tags if t != version]
    return found


def self_test():
    sample = os.path.join(HERE, "testdata", "versions-drift")
    got = problems(os.path.join(sample, "root.xml"), [os.path.join(sample, "standalone.xml")])
    want = [
        "standalone.xml: maven.compiler.release 21 != root 25",
        "standalone.xml: plugin org.apache.maven.plugins:maven-site-plugin 3.21.0 is not in the root's pluginManagement",
        "standalone.xml: plugin org.apache.maven.plugins:maven-surefire-plugin 3.5.5 != root 3.5.4",
        "standalone.xml: dependency com.fasterxml.jackson.core:jackson-databind 2.19.0 != root 2.23.0",
        "standalone.xml: dependency org.yaml:snakeyaml 2.4 != root 2.5",
    ]
    got = [g.replace(sample + os.sep, "") for g in got]
    got += image_tag_problems(os.path.join(sample, "root.xml"), os.path.join(sample, "tree"))
    want += ["deploy/ip-masq-agent.yaml: image tag 0.1.0 != the agent's version 1.0",
             "deploy/helm/ip-masq-agent/Chart.yaml: no image tag found"]
    if got != want:
        print("check_versions self-test failed; got:\n  " + "\n  ".join(got), file=sys.stderr)
        return 1
    return 0


def main(args):
    if args == ["--self-test"]:
        return self_test()
    root, standalone = (args[0], args[1:]) if args else ("pom.xml", STANDALONE)
    found = problems(root, standalone) + (image_tag_problems(root, os.path.dirname(os.path.abspath(root))) if not args else [])
    for p in found:
        print("version drift: " + p, file=sys.stderr)
    if not found:
        print(f"versions: {', '.join(standalone)} use the root pom's versions; the manifests deploy its image")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
