#!/usr/bin/env python3
"""Build PatchDesk's bundled Japanese UI font: a subset of Noto Sans CJK JP.

This is a maintenance script, run by hand -- it is NOT part of the Cargo
build. Its output, ``assets/fonts/NotoSansCJKjp-Regular-subset.otf``, is
committed to the repository and embedded by the app at compile time.

Requirements
------------
* Python 3.8+ with fontTools (``pip install fonttools``).
* The source font. By default this is the Debian/Ubuntu package
  ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``), which ships
  ``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``. Face 0 of that
  collection is "Noto Sans CJK JP" (checked at run time).

Usage
-----
    python3 scripts/subset-font.py                 # from the repo root
    python3 scripts/subset-font.py --input X.ttc --face 0 --output Y.otf

Character set
-------------
The subset keeps every code point below that the font actually maps:

* Unicode blocks / ranges (see ``RANGES``): Basic Latin + Latin-1
  (U+0020-U+00FF), Latin Extended-A, General Punctuation, Arrows,
  Mathematical Operators, Enclosed Alphanumerics, Box Drawing, Geometric
  Shapes, Miscellaneous Symbols, CJK Symbols and Punctuation, Hiragana,
  Katakana, Katakana Phonetic Extensions, Enclosed CJK Letters and Months,
  CJK Compatibility, Halfwidth and Fullwidth Forms.
* Everything Python's ``cp932`` codec decodes from a valid two-byte code:
  JIS X 0208 plus the NEC special characters, NEC-selected IBM extensions
  and IBM extensions of Windows-31J. The cp932 user-defined area
  (lead bytes 0xF0-0xF9), which decodes to Private Use code points
  U+E000-U+E757, is deliberately skipped: those code points have no
  standard meaning.
* Everything Python's ``shift_jis_2004`` codec decodes (single- and
  two-byte codes): JIS X 0213:2004 planes 1 and 2, including its
  supplementary-plane kanji. Codes that decode to a sequence of several
  code points (e.g. ka + combining semi-voiced mark, IPA + combining tone)
  contribute each code point individually.
* Explicit extras (``EXTRA_CHARS``): 髙 (U+9AD9), 﨑 (U+FA11), 𠮷 (U+20BB7).

C0/C1 control characters are dropped. The script prints how many code
points were requested and how many the font has; only the latter are kept.

Subsetter options
-----------------
fontTools defaults, except:

* ``layout_features``: the default set plus ``palt``/``vpal`` (proportional
  CJK punctuation metrics); ``kern`` is already in the default set.
* ``name_IDs='*'``: keep every English name record, including the
  copyright (ID 0), trademark (ID 7) and license (IDs 13/14) fields, so
  the OFL notice travels inside the file too.
* Glyph names are not kept (the source is CID-keyed CFF anyway).
* Hinting is kept (default). Dropping it (``--no-hinting``) saves only
  about 16 % (6.6 MB -> 5.5 MB with fontTools 4.68 / Noto 2.004), so the
  default was kept.

Note on size: the default feature set includes ``locl``, whose closure
pulls in the Chinese/Korean regional variants of many ideographs (about
11,500 extra glyphs, roughly half the file). egui does no OpenType shaping,
so those glyphs are never drawn by the app; ``--no-locl`` drops the feature
and gives a ~3.2 MB file with the same cmap coverage. It is not the default.

The result is a single-face OpenType/CFF (CID-keyed) font, loadable by
ttf-parser / ab_glyph / skrifa.

License: the font is under the SIL Open Font License 1.1; this subset is a
"Modified Version" under that license. See assets/fonts/OFL.txt and
assets/fonts/README.md.
"""

import argparse
import os
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTFont

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_FACE = 0
EXPECTED_FAMILY = "Noto Sans CJK JP"
DEFAULT_OUTPUT = os.path.join(
    REPO_ROOT, "assets", "fonts", "NotoSansCJKjp-Regular-subset.otf"
)

# Inclusive code point ranges.
RANGES = [
    (0x0020, 0x00FF, "Basic Latin (printable) + Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x2600, 0x26FF, "Miscellaneous Symbols"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x309F, "Hiragana"),
    (0x30A0, 0x30FF, "Katakana"),
    (0x31F0, 0x31FF, "Katakana Phonetic Extensions"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0x3300, 0x33FF, "CJK Compatibility"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]

# Commonly used name variants not always reachable via the codecs above.
EXTRA_CHARS = "髙﨑𠮷"

# Shift_JIS-family lead and trail bytes for two-byte codes.
LEAD_BYTES = list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD))
TRAIL_BYTES = list(range(0x40, 0x7F)) + list(range(0x80, 0xFD))


def is_private_use(cp):
    return (
        0xE000 <= cp <= 0xF8FF
        or 0xF0000 <= cp <= 0xFFFFD
        or 0x100000 <= cp <= 0x10FFFD
    )


def codec_code_points(codec, skip_private_use=True):
    """All code points produced by decoding every valid 1- and 2-byte code."""
    candidates = [bytes([b]) for b in range(0x100)]
    candidates += [bytes([l, t]) for l in LEAD_BYTES for t in TRAIL_BYTES]
    out = set()
    for raw in candidates:
        try:
            text = raw.decode(codec)  # strict: invalid codes raise
        except UnicodeDecodeError:
            continue
        for ch in text:  # multi-code-point results contribute each one
            cp = ord(ch)
            if unicodedata.category(ch) == "Cc":
                continue  # C0/C1 controls and DEL need no glyphs
            if skip_private_use and is_private_use(cp):
                continue
            out.add(cp)
    return out


def build_charset():
    """Return (all requested code points, {source label: code point set})."""
    parts = {}
    for lo, hi, label in RANGES:
        parts[label] = {cp for cp in range(lo, hi + 1)
                        if unicodedata.category(chr(cp)) != "Cc"}
    parts["cp932 (JIS X 0208 + NEC/IBM extensions)"] = codec_code_points("cp932")
    parts["shift_jis_2004 (JIS X 0213:2004)"] = codec_code_points("shift_jis_2004")
    parts["explicit extras " + EXTRA_CHARS] = {ord(c) for c in EXTRA_CHARS}

    requested = set()
    for cps in parts.values():
        requested |= cps
    return requested, parts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", default=DEFAULT_INPUT, help="source .ttc/.otf")
    ap.add_argument("--face", type=int, default=DEFAULT_FACE,
                    help="face index in a collection (default 0 = JP)")
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="output .otf")
    ap.add_argument("--no-hinting", action="store_true",
                    help="drop CFF hints (not used by default)")
    ap.add_argument("--no-locl", action="store_true",
                    help="drop the 'locl' feature and its regional-variant "
                         "glyphs (not used by default)")
    args = ap.parse_args()

    font = TTFont(args.input, fontNumber=args.face, lazy=False)
    family = font["name"].getDebugName(1)
    if family != EXPECTED_FAMILY:
        sys.exit(f"face {args.face} of {args.input} is {family!r}, "
                 f"expected {EXPECTED_FAMILY!r}")

    requested, parts = build_charset()
    cmap = font.getBestCmap()
    present = sorted(cp for cp in requested if cp in cmap)
    missing = sorted(cp for cp in requested if cp not in cmap)

    print(f"source : {args.input} face {args.face} ({family}, "
          f"{font['name'].getDebugName(5)})")
    for label, cps in parts.items():
        have = sum(1 for cp in cps if cp in cmap)
        print(f"  {label:<48} requested {len(cps):6d}  present {have:6d}")
    print(f"total  : requested {len(requested)} code points, "
          f"present in font {len(present)}, missing {len(missing)}")
    if missing:
        sample = " ".join(f"U+{cp:04X}" for cp in missing[:20])
        print(f"         first missing: {sample}{' ...' if len(missing) > 20 else ''}")
    for ch in EXTRA_CHARS:
        if ord(ch) not in cmap:
            print(f"WARNING: font has no glyph for explicit extra {ch} "
                  f"(U+{ord(ch):04X})")

    options = subset.Options()
    options.layout_features = list(options.layout_features) + ["palt", "vpal"]
    if args.no_locl:
        options.layout_features = [f for f in options.layout_features
                                   if f != "locl"]
    options.name_IDs = ["*"]
    options.glyph_names = False
    options.hinting = not args.no_hinting
    options.notdef_outline = True  # keep the visible .notdef box (as in source)

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    font.save(args.output)
    font.close()

    out = TTFont(args.output)
    print(f"output : {args.output}")
    print(f"         {os.path.getsize(args.output):,} bytes, "
          f"{out['maxp'].numGlyphs} glyphs, "
          f"{len(out.getBestCmap())} mapped code points, "
          f"tables: {' '.join(sorted(t.strip() for t in out.keys() if t != 'GlyphOrder'))}")


if __name__ == "__main__":
    main()
