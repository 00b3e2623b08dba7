"""Shared helpers of the dedup tests (fixture texts, document builders)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from ingest.dedup import DedupDoc

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2023, 11, 28, 12, 0, tzinfo=timezone.utc)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def doc(url: str, text: str, hours: float = 0.0, source: str = "news-en", kind: str = "news",
        language: str | None = "en", alternates: tuple[tuple[str, str], ...] = ()) -> DedupDoc:
    return DedupDoc(url=url, text=text, published_at=T0 + timedelta(hours=hours), source=source,
                    source_kind=kind, language=language, alternates=alternates)


# An original release (seed 000's article body, without the odessa-journal page chrome) and filler
# paragraphs for building copies with added background.
RELEASE = """Upon the instruction of the President of Ukraine and the Head of the Office of the Head of State, the first round of consultations with the Italian Republic has commenced regarding the conclusion of a bilateral agreement on security guarantees, as stipulated in the G7 Joint Declaration in support of Ukraine.

The Ukrainian negotiating team is led by Deputy Head of the Office of the President Ihor Zhovkva.

"Ukraine has already initiated bilateral consultations with all G7 countries, including Italy. Italy is set to lead the 'Group of Seven' next year. We appreciate the significant contribution of our Italian friends to Ukraine's defense and the pursuit of common victory. Italy providing security guarantees to Ukraine will be a crucial step towards the country's closer alignment with EU and NATO membership," emphasized the Deputy Head of the Office of the Head of State.

The negotiators discussed approaches to the content and format of the future bilateral agreement, as well as agreed on the schedule for further communication."""

OTHER_STORY = """Ukraine and the Netherlands signed a ten-year agreement on security cooperation in Kharkiv on Friday, the seventh such document concluded under the G7 Joint Declaration.

Prime Minister Mark Rutte and President Volodymyr Zelenskyy signed the document after visiting a power plant damaged by Russian missiles. The Netherlands also pledged two billion euros of military aid for this year.

"This agreement sets out long-term support in training, air defence and the defence industry," Zelenskyy said, thanking the Dutch people for their steady help since the start of the full-scale invasion."""
