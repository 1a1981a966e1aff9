"""A bulk loader's record hash (``hash_values``, its ``after`` written to JSON once) is ``compute_hash``'s."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.audit.models import AuditEvent
from theodoi.audit.services import PAYLOAD_FIELDS, canonical_json, compute_hash, hash_values

_text = st.text(max_size=12)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
_at = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC))


@settings(max_examples=300, deadline=None)
@given(chain=st.sampled_from(["", "tinh-lai-chau", "thanh-pho-ha-noi"]), seq=st.integers(1, 10**12), at=_at,
       actor=st.none() | st.integers(1, 10**6), actor_name=_text, action=_text, object_type=_text,
       object_id=_text, object_repr=_text, before=st.none() | st.dictionaries(_text, _json, max_size=4),
       after=st.none() | st.dictionaries(_text, _json, max_size=6), reason=_text,
       prev_hash=st.text("0123456789abcdef", min_size=64, max_size=64))
def test_a_record_hashed_from_its_values_hashes_as_the_service_hashes_it(
        chain, seq, at, actor, actor_name, action, object_type, object_id, object_repr, before, after, reason,
        prev_hash):
    event = AuditEvent(chain=chain, seq=seq, at=at, actor_id=actor, actor_name=actor_name, action=action,
                       object_type=object_type, object_id=object_id, object_repr=object_repr, before=before,
                       after=after, reason=reason, prev_hash=prev_hash)
    values = [getattr(event, f) for f in PAYLOAD_FIELDS]
    values[PAYLOAD_FIELDS.index("after")] = "never read"
    assert hash_values(values, chain, canonical_json(after)) == compute_hash(event)
