"""The Prefect state a run ends in, from its outcome: Failed when every source failed, a Completed state
named "Degraded" (shown apart in the UI) when some source failed, Completed otherwise."""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.objects import State
from prefect.states import Completed, Failed

from ingest.pipeline.run import RunOutcome


def final_state(outcomes: list[RunOutcome], result: dict[str, Any]) -> State[Any]:
    statuses = {o.status for o in outcomes}
    advice = "; ".join(o.message for o in outcomes if o.message)
    if statuses == {"failed"}:
        return Failed(message=f"every source failed. {advice}".strip(), data=result)
    if statuses - {"completed"}:
        return Completed(name="Degraded", message=f"some sources failed or were degraded. {advice}".strip(),
                         data=result)
    return Completed(message="all sources ingested", data=result)
