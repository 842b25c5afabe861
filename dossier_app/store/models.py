"""peewee models of one family dossier (schema: see migrations/*.sql).

Models are bound to ``database``, a proxy for the dossier bound in the current
context (``bind``): a ``contextvars.ContextVar``, not a module global, so several
dossiers can be open at once (the window's own, and the short-lived read-only
ones of Mijn gezinnen on worker threads) and each service call works on its own.
``store.dossier.Dossier.bound()`` and the services' ``needs_open`` bind it.
Only the core imports this module; the UI goes through the services.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import Any

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Database,
    Model,
    TextField,
)

# The bound dossier: a peewee Database, or an object with a ``db`` attribute (a store Dossier, so that a
# dossier reopened under a new key — change_passphrase — stays bound through its new connection).
_bound: contextvars.ContextVar[object | None] = contextvars.ContextVar("gezinsdossier_database", default=None)

UNBOUND_MESSAGE = ("No dossier is bound in this context: use `with dossier.bound():` (store) or a service "
                   "decorated with needs_open.")


class SessionDatabase(DatabaseProxy):
    """A DatabaseProxy whose target is per context (thread, task), set by ``bind``; never a global."""

    __slots__ = ()

    @property
    def obj(self) -> Any:
        target = _bound.get()
        if target is None or isinstance(target, Database):
            return target
        return getattr(target, "db", None)

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr == "obj":            # DatabaseProxy.initialize(): binds in this context only (tests, tools)
            _bound.set(value)
            return
        object.__setattr__(self, attr, value)

    def __getattr__(self, attr: str) -> Any:
        target = self.obj
        if target is None:
            raise AttributeError(UNBOUND_MESSAGE)
        return getattr(target, attr)


database = SessionDatabase()


@contextlib.contextmanager
def bind(target: object) -> Iterator[object]:
    """Bind ``target`` (a Database, or an object with ``.db``) for the models in this context, then unbind."""
    token = _bound.set(target)
    try:
        yield target
    finally:
        _bound.reset(token)


def bind_models(target: object) -> contextvars.Token[object | None]:
    """Bind ``target`` in this context until ``unbind_models(token)`` (for ``__enter__``/``__exit__`` pairs)."""
    return _bound.set(target)


def unbind_models(token: contextvars.Token[object | None]) -> None:
    try:
        _bound.reset(token)
    except ValueError:      # left in another context (a test fixture's teardown): nothing to undo here
        pass


def bound_target() -> object | None:
    """What is bound in this context (None when nothing is)."""
    return _bound.get()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database


class DossierInfo(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "dossier_info"


class Person(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    role = CharField()  # 'ouder' | 'kind'
    name = CharField()
    street = CharField(default="")
    postcode = CharField(default="")
    city = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")
    birth_date = DateField(null=True)
    bsn = CharField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)
    gezag = CharField(default="")          # 'ja' | 'nee' | '' (not filled in): parental authority
    own_voice = TextField(default="")      # a child: what it says it needs itself


class Contact(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    role = CharField()
    name = CharField()
    organisation = CharField(default="")
    department = CharField(default="")
    contact_person = CharField(default="")
    salutation = CharField(default="")
    street = CharField(default="")
    postcode = CharField(default="")
    city = CharField(default="")
    email = CharField(default="")
    phone = CharField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)
    waiting_list = CharField(default="")   # jeugdhulpaanbieder: the waiting list (free text)
    contracted = CharField(default="")     # jeugdhulpaanbieder: contracted by the gemeente: 'ja' | 'nee' | ''
    payment = CharField(default="")        # jeugdhulpaanbieder: how the help is paid (natura, pgb, zelf)
    regulations = TextField(default="")    # gemeente: where its verordening and beleidsregels are (link, date)


class Traject(BaseModel):
    """A traject: one thread such as 'Aanvraag jeugd-ggz Noor 2026'."""
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    child_id: int | None

    title = CharField()
    child = ForeignKeyField(Person, null=True, on_delete="SET NULL", column_name="child_id")
    status = CharField()
    opened_on = DateField()
    notes = TextField(default="")
    created_at = DateTimeField(default=now)
    objection_committee = BooleanField(default=False)   # bezwaar goes to an adviescommissie (Awb 7:13)

    class Meta:
        table_name = "traject"


class Entry(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    case_id: int | None
    kind = CharField()
    case = ForeignKeyField(Traject, null=True, on_delete="SET NULL", column_name="case_id", backref="entries")
    occurred_on = DateField()
    title = CharField(default="")
    body = TextField(default="")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class Conversation(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    entry_id: int
    recording_id: int | None
    entry = ForeignKeyField(Entry, primary_key=True, on_delete="CASCADE", column_name="entry_id",
                            backref="conversation_rows")
    location = CharField(default="")
    topic = CharField(default="")
    report_status = CharField(default="niet toegezegd")
    recording = ForeignKeyField(Entry, null=True, on_delete="SET NULL", column_name="recording_id")


class Participant(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    entry_id: int
    contact_id: int | None
    person_id: int | None
    entry = ForeignKeyField(Entry, on_delete="CASCADE", column_name="entry_id", backref="participants")
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", column_name="contact_id")
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL", column_name="person_id")
    name = CharField()


class Document(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    entry_id: int
    entry = ForeignKeyField(Entry, primary_key=True, on_delete="CASCADE", column_name="entry_id",
                            backref="document_rows")
    doc_kind = CharField()
    direction = CharField(default="ontvangen")
    sender = CharField(default="")
    kenmerk = CharField(default="")
    decision_date = DateField(null=True)
    received_on = DateField(null=True)
    inaccuracies = TextField(default="")


class Recording(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    entry_id: int
    entry = ForeignKeyField(Entry, primary_key=True, on_delete="CASCADE", column_name="entry_id",
                            backref="recording_rows")
    duration_seconds = IntegerField(default=0)
    consent = BooleanField(default=False)
    external_path = CharField(default="")


class Deadline(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    entry_id: int
    source_entry_id: int | None
    entry = ForeignKeyField(Entry, primary_key=True, on_delete="CASCADE", column_name="entry_id",
                            backref="deadline_rows")
    rule_id = CharField(default="")
    start_date = DateField(null=True)
    due_date = DateField()
    status = CharField(default="open")
    basis = CharField(default="")
    explanation = TextField(default="")
    next_step = TextField(default="")
    source_entry = ForeignKeyField(Entry, null=True, on_delete="SET NULL", column_name="source_entry_id")
    done_on = DateField(null=True)
    options = TextField(default="{}")   # JSON: the facts that changed the term (see dossier_deadlines.adjust)


class Attachment(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    entry_id: int | None
    entry = ForeignKeyField(Entry, null=True, on_delete="CASCADE", column_name="entry_id", backref="attachments")
    filename = CharField()
    media_type = CharField(default="application/octet-stream")
    size = IntegerField()
    sha256 = CharField()
    file_key = BlobField()
    storage_name = CharField(unique=True)
    created_at = DateTimeField(default=now)


class Letter(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    entry_id: int
    recipient_id: int | None
    docx_attachment_id: int | None
    entry = ForeignKeyField(Entry, primary_key=True, on_delete="CASCADE", column_name="entry_id", backref="letter_rows")
    kind = CharField()
    template_version = CharField(default="")
    final_text = TextField(default="")
    recipient = ForeignKeyField(Contact, null=True, on_delete="SET NULL", column_name="recipient_id")
    enclosures = TextField(default="[]")
    sent_on = DateField(null=True)
    send_method = CharField(default="")
    tracking_number = CharField(default="")
    receipt_confirmed_on = DateField(null=True)
    docx_attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", column_name="docx_attachment_id")
    docx_sha256 = CharField(default="")
    deadline_rule = CharField(default="")
    deadline_start = DateField(null=True)
    subject = CharField(default="")


class Agreement(BaseModel):
    """An afspraak from a conversation: who does what, by when."""
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    entry_id: int

    entry = ForeignKeyField(Entry, on_delete="CASCADE", column_name="entry_id", backref="agreements")
    who = CharField()
    what = TextField()
    due_date = DateField(null=True)
    done = BooleanField(default=False)


class Consent(BaseModel):
    """A toestemming the family gave: to whom, for what, confirmed in writing, withdrawn."""
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    contact_id: int | None
    confirmation_id: int | None

    recipient = CharField()
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", column_name="contact_id")
    purpose = TextField(default="")
    given_on = DateField(null=True)
    confirmation = ForeignKeyField(Attachment, null=True, on_delete="SET NULL", column_name="confirmation_id")
    withdrawn_on = DateField(null=True)
    withdrawn_how = CharField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)


class Draft(BaseModel):
    # What peewee adds, for the type checker: the row id (a field on the class, an int on a row) and foreign-key ids.
    id: Any
    form = CharField()
    ref = CharField(default="")
    payload = TextField()
    updated_at = DateTimeField(default=now)


ALL_MODELS = [
    DossierInfo, Person, Contact, Traject, Entry, Conversation, Participant,
    Document, Recording, Deadline, Attachment, Letter, Agreement, Draft, Consent,
]
