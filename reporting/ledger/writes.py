"""The ledger import's planned writes: each model's new rows and changed stored rows,
written in bulk (with their history) once the whole file has been checked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models

from reporting.models import load_history
from reporting.workflow import LoadStep

from .bulk import NewRow, insert_history, insert_rows, use_sqlite_parameter_limit

BATCH_SIZE = 2_000


def differs(obj: models.Model, name: str, value: object) -> bool:
    field_ = obj._meta.get_field(name)
    if field_.is_relation:
        return getattr(obj, field_.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


@dataclass
class Writes:
    """One model's planned writes: new rows, and stored rows with their changed values.

    Values that point at other rows hold the row's object (stored, or a NewRow that
    gets its pk when inserted), so nothing needs a pk before the write."""

    model: type[models.Model]
    key: tuple[str, ...]
    creates: list[NewRow] = field(default_factory=list)
    updates: list[tuple[models.Model, dict]] = field(default_factory=list)

    def apply(self, user, now: datetime.datetime) -> None:
        insert_rows(
            self.model,
            self.creates,
            self.key,
            now=now,
            user=user,
            history=load_history(self.model, LoadStep.IMPORT),
        )
        if not self.updates:
            return
        meta = self.model._meta
        names: set[str] = set()
        objs = []
        for obj, values in self.updates:
            for name, value in values.items():
                field_ = meta.get_field(name)
                if field_.is_relation:
                    setattr(obj, field_.attname, value.pk if value is not None else None)
                else:
                    setattr(obj, name, value)
            names.update(values)
            objs.append(obj)
        use_sqlite_parameter_limit()
        self.model._default_manager.bulk_update(objs, sorted(names), BATCH_SIZE)
        if hasattr(self.model, "history"):
            # simple-history's bulk_update_with_history, its "~" rows by the fast insert.
            tracked = [field.attname for field in self.model.history.model.tracked_fields]
            rows = [{name: getattr(obj, name) for name in tracked} for obj in objs]
            insert_history(
                self.model,
                rows,
                "~",
                now=now,
                user=user,
                **load_history(self.model, LoadStep.IMPORT),
            )
