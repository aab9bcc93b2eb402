"""Write the golden and the messy test workbooks: ``python tests/data/make_workbooks.py``.

Both hold the same three households (tests/core/excel_support.py): ``excel-golden.xlsx`` the
way the format asks, ``excel-messy.xlsx`` the way communes type it. Small files, committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "core"))
sys.path.insert(0, str(HERE.parent.parent))

from excel_support import GOLDEN, MESSY, golden_sheets, messy_sheets, write_book  # noqa: E402


def main() -> None:
    write_book(GOLDEN, golden_sheets())
    write_book(MESSY, messy_sheets(), merges=[("Hộ", "A1:F1")])
    print(f"wrote {GOLDEN.name}, {MESSY.name}")


if __name__ == "__main__":
    main()
