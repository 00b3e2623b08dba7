"""assign_clusters: put new articles into syndication clusters against the history index."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.dedup.canonical import Member, canonical_index
from ingest.dedup.config import DedupConfig
from ingest.dedup.features import source_family
from ingest.dedup.fingerprint import Fingerprints, fingerprint
from ingest.dedup.index import DedupIndex, member_of
from ingest.dedup.matching import Match, find_matches
from ingest.dedup.models import DedupDoc, DedupResult, InvalidDedupInput, SignatureRow, timestamp
from ingest.dedup.signature import estimate
from ingest.dedup.translations import link_translations
from ingest.dedup.urls import InvalidUrlError, canonical_url
from ingest.records import ClusterAssignment, ClusterMerge, StageCounts


def new_cluster_id(founding_url: str) -> str:
    """Cluster id derived from the founding article's canonical URL: "c_" + sha1(url)[:16]."""
    return "c_" + hashlib.sha1(founding_url.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Placed:
    cluster: str  # id given at assignment (kept id at that moment)
    method: str
    url_duplicate_of: str | None = None  # a URL already placed (history or this batch)


class _Clusters:
    """Cluster resolution during one batch: history merges plus this batch's merges."""

    def __init__(self, index: DedupIndex) -> None:
        self.index = index
        self.parent: dict[str, str] = {}
        self.first_seen: dict[str, tuple[float, str]] = {}

    def resolve(self, cluster: str) -> str:
        cluster = self.index.resolve(cluster)
        while cluster in self.parent:
            cluster = self.parent[cluster]
        return cluster

    def age(self, cluster: str) -> tuple[int, float, str]:
        """Older first: loaded clusters (by first publication) before clusters founded in this batch."""
        if cluster in self.first_seen:
            return (1, *self.first_seen[cluster])
        return (0, *self.index.first_seen(cluster))

    def join(self, clusters: set[str], merges: list[ClusterMerge]) -> str:
        ordered = sorted(clusters, key=self.age)
        kept = ordered[0]
        for other in ordered[1:]:
            self.parent[other] = kept
            if other not in self.first_seen:  # ids founded in this batch were never loaded: no record needed
                merges.append(ClusterMerge(kept_id=kept, merged_id=other))
        return kept


def _alternate_urls(doc: DedupDoc) -> tuple[str, ...]:
    urls: set[str] = set()
    for _, url in doc.alternates:
        try:
            key = canonical_url(url)
        except InvalidUrlError:
            continue
        if key != doc.url:
            urls.add(key)
    return tuple(sorted(urls))


def _matched_clusters(pos: int, history: dict[int, list[Match]], batch: dict[int, list[Match]], index: DedupIndex,
                      placed: Sequence[_Placed], clusters: _Clusters, config: DedupConfig) -> set[str]:
    """The cluster of the best match, plus every other matched cluster the text copies strongly
    (score >= config.merge_threshold): only those are merged, so one borrowed passage cannot chain stories."""
    score: dict[str, float] = {}
    for m in history.get(pos, []):
        cluster = clusters.resolve(index.stored_cluster(m.other))
        score[cluster] = max(score.get(cluster, 0.0), m.containment + m.jaccard)
    for m in batch.get(pos, []):
        if placed[m.other].url_duplicate_of is None:
            cluster = clusters.resolve(placed[m.other].cluster)
            score[cluster] = max(score.get(cluster, 0.0), m.containment + m.jaccard)
    if not score:
        return set()
    best = min(score, key=lambda c: (-score[c], clusters.age(c)))
    return {best} | {c for c, s in score.items() if s >= config.merge_threshold}


def _place(ordered: Sequence[DedupDoc], fp: Fingerprints, index: DedupIndex, config: DedupConfig,
           clusters: _Clusters, merges: list[ClusterMerge]) -> tuple[list[_Placed], dict[int, float]]:
    history, batch = find_matches(fp, index, config)
    placed: list[_Placed] = []
    similarity: dict[int, float] = {}
    batch_url: dict[str, int] = {}
    batch_exact: dict[str, int] = {}
    has_shingles = (fp.sizes > 0).tolist()
    for pos, doc in enumerate(ordered):
        prior = batch_url.get(doc.url)
        if prior is not None or index.row_of_url(doc.url) is not None:
            owner = placed[prior].cluster if prior is not None else index.stored_cluster(index.row_of_url(doc.url) or 0)
            placed.append(_Placed(owner, "url", doc.url))
            continue
        found: set[str] = set()
        method = "near"
        key = fp.exact_keys[pos]
        if has_shingles[pos] and (key in batch_exact or index.row_of_exact(key) is not None):
            method = "exact"
            same = batch_exact.get(key)
            found.add(placed[same].cluster if same is not None else index.stored_cluster(index.row_of_exact(key) or 0))
            similarity[pos] = 1.0
        else:
            found = _matched_clusters(pos, history, batch, index, placed, clusters, config)
        resolved = {clusters.resolve(c) for c in found}
        if not resolved:
            cluster = new_cluster_id(doc.url)
            clusters.first_seen[cluster] = (timestamp(doc.published_at), cluster)
            method = "new"
        else:
            cluster = clusters.join(resolved, merges)
        placed.append(_Placed(cluster, method))
        batch_url[doc.url] = pos
        batch_exact.setdefault(key, pos)
    return placed, similarity


def assign_clusters(new_docs: Sequence[DedupDoc], index: DedupIndex, config: DedupConfig) -> DedupResult:
    """Cluster `new_docs` against `index` (which is not modified: call index.apply(result) afterwards).

    Documents are processed by (published, url), so the result does not depend on their order in the call.
    New articles get the final id of their cluster; loaded articles keep theirs (merges are recorded).
    A URL already known joins that article's cluster (method "url", no new row); an identical normalised body
    joins its cluster ("exact"); a verified near duplicate joins the cluster it matches best ("near"), and any
    other cluster it matches with score >= merge_threshold is merged into the oldest of them; otherwise a new
    cluster is founded ("new"). Canonical members are then chosen again for
    every touched cluster; earlier articles whose canonical flag or copy_of changed are in result.updated."""
    docs = list(new_docs)
    for doc in docs:
        if not isinstance(doc, DedupDoc):
            raise InvalidDedupInput(f"assign_clusters expects DedupDoc items, got {type(doc).__name__}")
    order = sorted(range(len(docs)), key=lambda i: (timestamp(docs[i].published_at), docs[i].url))
    ordered = [docs[i] for i in order]
    fp = fingerprint([d.text for d in ordered], config, [d.title for d in ordered],
                     [d.language is not None and config.wants_facts(source_family(d.source)) for d in ordered])
    clusters = _Clusters(index)
    merges: list[ClusterMerge] = []
    placed, exact_similarity = _place(ordered, fp, index, config, clusters, merges)

    rows: dict[int, SignatureRow] = {}
    signatures = fp.signatures.astype("<u4").tobytes()  # one conversion, sliced per row
    width = fp.signatures.shape[1] * 4
    samples = fp.samples.values.astype("<u4").tobytes()
    sample_bounds = (fp.samples.offsets * 4).tolist()
    sizes, full = fp.sizes.tolist(), fp.samples.full.tolist()
    for pos, (doc, place) in enumerate(zip(ordered, placed, strict=True)):
        if place.url_duplicate_of is None:
            rows[pos] = SignatureRow(
                url=doc.url, cluster_id=clusters.resolve(place.cluster), method=place.method,
                signature=signatures[pos * width : (pos + 1) * width], shingle_count=sizes[pos],
                exact_key=fp.exact_keys[pos], published_at=doc.published_at, source=doc.source,
                source_kind=doc.source_kind, language=doc.language, credits=fp.credits[pos], facts=fp.facts[pos],
                alternates=_alternate_urls(doc) if doc.alternates else (),
                sample=samples[sample_bounds[pos] : sample_bounds[pos + 1]], sample_full=full[pos],
            )
    del signatures, samples

    canonical_of, updated = _choose_canonicals(ordered, placed, rows, fp, index, clusters)
    assignments_by_pos: dict[int, ClusterAssignment] = {}
    for pos, (doc, place) in enumerate(zip(ordered, placed, strict=True)):
        final = clusters.resolve(place.cluster)
        canonical_url_, canonical_sim = canonical_of[final]
        is_canonical = canonical_url_ == doc.url
        sim = None if is_canonical else exact_similarity.get(pos, canonical_sim.get(doc.url))
        given = place.cluster if place.url_duplicate_of is not None and place.cluster not in clusters.first_seen \
            else final
        assignments_by_pos[pos] = ClusterAssignment(
            article_url=doc.url, cluster_id=given, is_canonical=is_canonical,
            copy_of=None if is_canonical else canonical_url_, similarity=sim, method=place.method,
        )
    assignments = [assignments_by_pos[p] for p in _inverse(order)]
    translations = link_translations(ordered, list(rows.get(p) for p in range(len(ordered))), index, config)
    duplicates = sum(1 for p in placed if p.url_duplicate_of is not None)
    counts = StageCounts(seen=len(docs), ok=len(docs) - duplicates, skipped=duplicates)
    return DedupResult(
        assignments=tuple(assignments), updated=tuple(updated), merges=tuple(merges),
        translations=tuple(translations), rows=tuple(rows[p] for p in sorted(rows)), counts=counts,
    )


def _inverse(order: list[int]) -> list[int]:
    inverse = [0] * len(order)
    for pos, original in enumerate(order):
        inverse[original] = pos
    return inverse


def _choose_canonicals(
    ordered: Sequence[DedupDoc], placed: Sequence[_Placed], rows: dict[int, SignatureRow], fp: Fingerprints,
    index: DedupIndex, clusters: _Clusters,
) -> tuple[dict[str, tuple[str, dict[str, float]]], list[ClusterAssignment]]:
    """{final cluster: (canonical URL, {member URL: containment with the canonical})}, and the updated
    assignments of history members whose canonical flag or copy_of changed."""
    batch_members: dict[str, list[int]] = {}
    history_clusters: dict[str, set[str]] = {}
    for pos, place in enumerate(placed):
        final = clusters.resolve(place.cluster)
        if pos in rows:
            batch_members.setdefault(final, []).append(pos)
        else:
            batch_members.setdefault(final, [])
    for cluster in list(clusters.parent) + [p.cluster for p in placed]:
        if index.members(cluster):
            history_clusters.setdefault(clusters.resolve(cluster), set()).add(index.resolve(cluster))
    result: dict[str, tuple[str, dict[str, float]]] = {}
    updated: list[ClusterAssignment] = []
    for final, positions in batch_members.items():
        if len(positions) == 1 and final not in history_clusters:
            result[final] = (ordered[positions[0]].url, {})  # a new singleton: its own canonical
            continue
        old_rows = sorted({r for c in history_clusters.get(final, ()) for r in index.members(c)})
        members: list[Member] = [index.member(r) for r in old_rows]
        members += [member_of(rows[p]) for p in positions]
        chosen = canonical_index(members)
        canonical_url_ = members[chosen].url
        if chosen < len(old_rows):
            canon_sig, canon_size = index.signatures[old_rows[chosen]], index.sizes[old_rows[chosen]]
        else:
            p = positions[chosen - len(old_rows)]
            canon_sig, canon_size = fp.signatures[p], fp.sizes[p]
        sims: dict[str, float] = {}
        if positions:
            _, con = estimate(fp.signatures[positions], canon_sig[None, :], fp.sizes[positions], canon_size)
            sims.update({ordered[p].url: float(c) for p, c in zip(positions, con.tolist(), strict=True)})
        if old_rows:
            _, con = estimate(index.signatures[old_rows], canon_sig[None, :], index.sizes[old_rows], canon_size)
            before = {c: index.url(index.canonical_row(c)) for c in history_clusters.get(final, ())}
            for r, c in zip(old_rows, con.tolist(), strict=True):
                stored, url = index.stored_cluster(r), index.url(r)
                old_canonical = before[index.resolve(stored)]
                if old_canonical != canonical_url_:
                    is_canonical = url == canonical_url_
                    updated.append(ClusterAssignment(
                        article_url=url, cluster_id=stored, is_canonical=is_canonical,
                        copy_of=None if is_canonical else canonical_url_, similarity=None if is_canonical else float(c),
                        method=index.method(r),
                    ))
        result[final] = (canonical_url_, sims)
    return result, updated
