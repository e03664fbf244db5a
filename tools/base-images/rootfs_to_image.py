#!/usr/bin/python3
"""Wraps a root filesystem folder into a one-layer image tarball in `docker save` format.

    rootfs_to_image.py ROOTFS OUT.tar --tag NAME:TAG [--env K=V]... [--cmd JSON] [--workdir DIR]

The tarball loads with `docker load`, copies with `skopeo copy docker-archive:OUT.tar ...`, and
serves as a base with Jib's `tar://OUT.tar`. Standard library only. Entries are written in sorted
order with owner, mode and mtime as found, so one root filesystem gives one layer digest.
"""

import argparse
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile

# Mount points whose contents belong to the running container, not to the image.
EMPTY_DIRS = {"dev", "proc", "sys", "run", "tmp"}


def add_tree(tar, root):
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            info = tar.gettarinfo(path, os.path.normpath(os.path.join(rel_dir, name)))
            if info is None:  # sockets and the like
                continue
            info.uname = info.gname = ""
            if info.isreg():
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
        # os.walk descends in the order of dirnames: sorted, and never below the mount points.
        dirnames[:] = sorted(d for d in dirnames if rel_dir != "." or d not in EMPTY_DIRS)


class HashingWriter:
    """A file wrapper that hashes what is written through it."""

    def __init__(self, f):
        self.f, self.sha = f, hashlib.sha256()

    def write(self, data):
        self.sha.update(data)
        return self.f.write(data)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("rootfs")
    p.add_argument("out")
    p.add_argument("--tag", required=True)
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--cmd", help="the default command as a JSON list")
    p.add_argument("--workdir", default="/")
    p.add_argument("--created", default="1970-01-01T00:00:00Z")
    a = p.parse_args(argv)

    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(a.out))) as tmp:
        layer_path = os.path.join(tmp, "layer.tar")
        with open(layer_path, "wb") as raw:
            hashing = HashingWriter(raw)
            with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                add_tree(tar, a.rootfs)
        diff_id = hashing.sha.hexdigest()
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": a.created,
            "config": {"Env": a.env, "WorkingDir": a.workdir},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
            "history": [{"created": a.created, "created_by": "debootstrap (tools/base-images)"}],
        }
        if a.cmd:
            config["config"]["Cmd"] = json.loads(a.cmd)
        config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest = [{"Config": config_name, "RepoTags": [a.tag], "Layers": [diff_id + "/layer.tar"]}]

        partial = a.out + ".partial"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as out:
            for name, data in (
                (config_name, config_bytes),
                ("manifest.json", json.dumps(manifest).encode()),
            ):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
            out.add(layer_path, diff_id + "/layer.tar")
        os.replace(partial, a.out)  # the cache never holds half a tarball
    print("%s: layer sha256:%s" % (a.out, diff_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
