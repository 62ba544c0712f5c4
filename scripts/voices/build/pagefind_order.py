"""Make Pagefind's output byte-identical from one build to the next.

Pagefind 1.5 writes its filter index from Rust hash maps, whose order is seeded at random in each
run (no option or environment variable fixes the seed): the values inside each
filter/*.pf_filter file, and the list of filters in the pagefind.*.pf_meta file, come out in a
different order every time, and so do the files' hashed names, and pagefind-entry.json that names
the meta file. Everything else Pagefind writes is already repeatable.

This module puts those lists in sorted order after Pagefind has run, and renames the files after
a hash of their new content. The files are gzip-compressed CBOR after a "pagefind_dcd" signature;
only the small part of CBOR they use is read. Nothing is rewritten unless every file decodes and
encodes back to exactly its original bytes, so a future Pagefind with another layout is left as
it is rather than broken.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Unexpected(ValueError):
    """The files are not laid out as this module expects."""


# --- the part of CBOR Pagefind uses: unsigned integers, text, byte strings, arrays, maps --------

def _decode(data: bytes, i: int) -> tuple[Any, int]:
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise Unexpected(f"CBOR item 0x{head:02x} is not supported")
    if major == 0:
        return n, i
    if major == 2:
        return bytes(data[i:i + n]), i + n
    if major == 3:
        return data[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = []
        for _ in range(n):
            key, i = _decode(data, i)
            value, i = _decode(data, i)
            pairs.append((key, value))
        return _Map(pairs), i
    raise Unexpected(f"CBOR major type {major} is not supported")


class _Map(list):
    """A CBOR map, kept as its list of pairs so its order survives a round trip."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise Unexpected("integer too large")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unexpected("CBOR simple values are not supported")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise Unexpected(f"cannot encode {type(value).__name__}")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unexpected(f"{path.name} does not start with Pagefind's signature")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw) or SIGNATURE + _encode(value) != raw:
        raise Unexpected(f"{path.name} does not survive a round trip")
    return value


def _pack(value: Any) -> bytes:
    # mtime=0 and no file name: the gzip header then holds nothing that changes between runs.
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, payload: bytes, length: int) -> str:
    return prefix + hashlib.sha256(payload).hexdigest()[:length]


# --- the rewrite ---------------------------------------------------------------------------------

def sort_filters(bundle: Path) -> bool:
    """Sort Pagefind's filter index in `bundle` (site/pagefind). True if files were rewritten,
    False if the layout was not the expected one (the files are then left untouched)."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plan = [_plan_language(bundle, lang, info["hash"])
                for lang, info in sorted(entry["languages"].items())]
    except (Unexpected, KeyError, TypeError, ValueError, OSError, IndexError):
        return False
    for lang, (old_meta, new_hash, writes, removals) in zip(sorted(entry["languages"]), plan):
        for path, data in writes.items():
            path.write_bytes(data)
        for path in removals:
            path.unlink()
        entry["languages"][lang]["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True


def _plan_language(bundle: Path, lang: str, meta_hash: str):
    """What to write and delete for one language, computed before anything is touched."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    # The meta's filter list: [[filter name, file hash], ...]. Find it by shape: the one list of
    # pairs whose hashes name files in filter/.
    filters = _filter_list(bundle, meta)
    writes: dict[Path, bytes] = {}
    removals: list[Path] = []
    renamed = []
    for name, old in filters:
        path = bundle / "filter" / f"{old}.pf_filter"
        content = _read(path)
        if not (isinstance(content, list) and len(content) == 2 and content[0] == name
                and isinstance(content[1], list)):
            raise Unexpected(f"{path.name} is not laid out as expected")
        values = [[v[0], sorted(v[1])] if isinstance(v, list) and len(v) == 2
                  and isinstance(v[1], list) else _raise(path) for v in content[1]]
        content = [name, sorted(values, key=lambda v: (str(v[0]), v[1]))]
        data = _pack(content)
        new = _name(old[: old.index("_") + 1], data, len(old) - old.index("_") - 1)
        writes[bundle / "filter" / f"{new}.pf_filter"] = data
        if new != old:
            removals.append(path)
        renamed.append([name, new])
    filters[:] = sorted(renamed, key=lambda pair: pair[0])
    data = _pack(meta)
    prefix = meta_hash[: meta_hash.index("_") + 1]
    new_hash = _name(prefix, data, len(meta_hash) - len(prefix))
    writes[bundle / f"pagefind.{new_hash}.pf_meta"] = data
    if new_hash != meta_hash:
        removals.append(meta_path)
    return meta_path, new_hash, writes, removals


def _raise(path: Path):
    raise Unexpected(f"{path.name} is not laid out as expected")


def _filter_list(bundle: Path, meta: Any) -> list:
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, list) and not isinstance(node, _Map):
            if node and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str)
                            for x in p) for p in node) \
                    and all((bundle / "filter" / f"{p[1]}.pf_filter").is_file() for p in node):
                found.append(node)
                return
            for child in node:
                walk(child)

    walk(meta)
    if len(found) != 1:
        raise Unexpected("the meta file's list of filters was not found")
    return found[0]
