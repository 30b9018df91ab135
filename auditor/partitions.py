"""The partition catalogue (auditor/data/partitions.yaml): sets of items that, all named, make up a whole.

A 其中 list whose items are exactly the members of one partition (一般债务、专项债务; 中央、地方; 基本支出、项目支出 …)
cannot be a partial list, so its items must add up to its head."""

from __future__ import annotations

from functools import cache

from auditor import rx
from auditor.data import load_data
from auditor.records import dataclass

_LEAD = rx.compile(r"^(?:[\s，,；;：:、。]|其中|包括|分别为|分别是|\d{4}\s*年(?:度|末|底)?|全国|全省|全市|全区|全县|本级|累计|"
                   r"全年|当年|年末|年初)+")


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition of the catalogue: its members' spellings and the heads it admits."""

    name: str
    members: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()
    head: tuple[str, ...] = ()
    not_head: tuple[str, ...] = ()

    def member_of(self, name: str) -> int | None:
        """The index of the member an item's name (its leading 其中, 全市, year … taken off) starts with (None: no
        member)."""
        if self.excluded and name.startswith(self.excluded):
            return None
        return next((i for i, spellings in enumerate(self.members) if name.startswith(spellings)), None)

    def fits(self, head: str) -> bool:
        """Whether a head of this name may be split into the partition's members."""
        return (not self.head or any(w in head for w in self.head)) and not any(w in head for w in self.not_head)


@cache
def partitions() -> tuple[Partition, ...]:
    """The shipped catalogue, read once."""
    raw = load_data("partitions.yaml")
    return tuple(Partition(name=str(p["name"]), members=tuple(tuple(m) for m in p["members"]),
                           excluded=tuple(p.get("except") or ()), head=tuple(p.get("head") or ()),
                           not_head=tuple(p.get("not_head") or ())) for p in raw)


def partition_of(head: str, items: list[str]) -> Partition | None:
    """The partition whose members the items name, each member at least once and no item outside it, when the
    head's name admits it."""
    names = [_LEAD.sub("", i) for i in items]
    for p in partitions():
        if not p.fits(head):
            continue
        seen: set[int] = set()
        for n in names:
            member = p.member_of(n)
            if member is None:
                break
            seen.add(member)
        else:
            if len(seen) == len(p.members):
                return p
    return None


_REST = ("其他", "其余", "剩余", "余下")
_STAGED = rx.compile(r"调整预算|年初预算|预算数|决算数")


def ends_with_rest(items: list[str]) -> bool:
    """Whether a list's last item is the rest of the whole (其他支出, 其余部分 …) after named ones: a list that names
    what is left names all of it (on the corpus and the held-out reports every such list added up). Not when an
    item's figure is named as a budget or an outturn (其他…收入调整预算收入7亿元，决算无收入): it may be of another
    stage than the head's."""
    names = [_LEAD.sub("", i) for i in items]
    return len(names) >= 2 and names[-1].startswith(_REST) and not any(n.startswith(_REST) for n in names[:-1]) \
        and not any(_STAGED.search(n) for n in names)
