#!/usr/bin/env python3
# Restore a .sxz test vector (image size, then its non-zero blocks, all
# xz-compressed) into a sparse image file:  sxz-restore.py IN.sxz OUT.img
import lzma
import struct
import sys


def main(src, dst):
    with lzma.open(src, "rb") as inp, open(dst, "wb") as out:
        size, count = struct.unpack("<QQ", inp.read(16))
        out.truncate(size)
        for _ in range(count):
            offset, length = struct.unpack("<QI", inp.read(12))
            out.seek(offset)
            out.write(inp.read(length))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
