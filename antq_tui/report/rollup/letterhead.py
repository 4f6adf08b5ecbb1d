"""Who issues a report that no workbook describes: the province's rollup.

Filled from ``antq rollup``'s options or the config file's ``[rollup]`` table; an empty
field takes the report's default (the province's people's committee, a number to write
by hand, Lưu: VT).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Letterhead:
    agency: list[str] = field(default_factory=list)  # ["UBND TỈNH HÀ TĨNH", "CÔNG AN TỈNH"]
    number: str = ""  # "BC-CAT" (Số:        /BC-CAT) or a whole number "25/BC-CAT"
    place: str = ""  # "Hà Tĩnh" (default: the province)
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"
    signer_title: str = ""  # "CHỦ TỊCH", "PHÓ GIÁM ĐỐC"
    signer: str = ""
    recipients: list[str] = field(default_factory=list)  # ["Bộ Công an (V05)", "Lưu: VT"]

    def merged(self, other: Letterhead) -> Letterhead:
        """This letterhead with ``other``'s non-empty fields over it."""
        return Letterhead(
            agency=other.agency or self.agency,
            number=other.number or self.number,
            place=other.place or self.place,
            authority=other.authority or self.authority,
            signer_title=other.signer_title or self.signer_title,
            signer=other.signer or self.signer,
            recipients=other.recipients or self.recipients,
        )
