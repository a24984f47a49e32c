"""Record classes: what `dataclasses.dataclass` makes of a class, for the engine's own records.

A data class gets its methods (`__init__`, `__repr__`, `__eq__`, `__hash__`,
and a frozen one's `__setattr__` and `__delattr__`) as Python source, each
compiled when the class is made. The engine's 35 record classes took a
tenth of the instructions of a whole build of the real site, interpreter
start included, to be made on every run. Here only `__init__` is compiled,
since records are made by the hundred thousand and it must be quick; the
other methods are the same few functions for every class, which read the
fields a class compares through `operator.attrgetter`, in C.

The subset of dataclasses the engine uses, with the same meaning: fields are
the class's own annotations in order (a record inheriting another's fields,
or annotating a class variable, is refused);
a default, or `field(default=..., default_factory=..., init=..., compare=...,
repr=...)`; `frozen`, `eq` and `order`; `__post_init__`; and `replace`.
"""

from __future__ import annotations

from operator import attrgetter

_MISSING = object()    # no default given
_FACTORY = object()    # the default of an argument whose field has a default_factory


class FrozenInstanceError(AttributeError):
    """A frozen record was assigned to: records are never changed once made."""


class field:  # noqa: N801 (used where dataclasses.field was, and named as plainly)
    """How a field is made and compared, where a plain default does not say."""

    def __init__(self, *, default=_MISSING, default_factory=_MISSING, init: bool = True, compare: bool = True,
                 repr: bool = True):  # noqa: A002 (the name dataclasses gives it)
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.default, self.default_factory = default, default_factory
        self.init, self.compare, self.repr = init, compare, repr


def record(cls=None, /, *, frozen: bool = False, eq: bool = True, order: bool = False):
    """Make `cls` a record, as `dataclasses.dataclass` with the same arguments would."""
    def wrap(cls):
        return _make(cls, frozen, eq, order)
    return wrap if cls is None else wrap(cls)


def replace(obj, /, **changes):
    """Return a copy of record `obj` with the fields named in `changes` changed (dataclasses.replace)."""
    for name in changes:
        if name not in obj._record_init:
            raise ValueError(f"field '{name}' of {type(obj).__qualname__} is not an argument of __init__")
    return type(obj)(**{name: changes[name] if name in changes else getattr(obj, name) for name in obj._record_init})


def _make(cls, frozen: bool, eq: bool, order: bool):
    if order and not eq:
        raise ValueError("order=True needs eq=True")
    # What dataclasses does besides: refused, rather than made into something else without a word.
    if any("_record_init" in vars(base) for base in cls.__mro__[1:]):
        raise TypeError(f"record {cls.__qualname__}: a record does not inherit another record's fields")
    annotations = cls.__dict__.get("__annotations__", {})
    for name, annotation in annotations.items():
        if "ClassVar" in str(annotation) or "InitVar" in str(annotation):
            raise TypeError(f"record {cls.__qualname__}: field '{name}' is a ClassVar or an InitVar, "
                            "which records do not know")
    specs = []
    for name in annotations:
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, field) else field(default=value)
        if isinstance(spec.default, (list, dict, set)):   # every record would share the one value
            raise ValueError(f"record {cls.__qualname__}: field '{name}' has a mutable default; "
                             "use field(default_factory=...)")
        specs.append((name, spec))
        if isinstance(value, field):   # the class keeps a plain default, as a data class does, and no field
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
    namespace = {}
    exec(_init_source(specs, frozen, hasattr(cls, "__post_init__")), _init_globals(specs), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    cls._record_init = tuple(name for name, spec in specs if spec.init)
    cls._record_shown = tuple(name for name, spec in specs if spec.repr)
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr
    compared = [name for name, spec in specs if spec.compare]
    # The values compared, as one tuple: attrgetter of several names makes it in C.
    key = (attrgetter(*compared) if len(compared) > 1 else
           (lambda obj, get=attrgetter(compared[0]): (get(obj),)) if compared else (lambda obj: ()))
    if eq:
        methods = _compared_by(key)
        cls.__eq__ = methods["__eq__"]
        # As dataclasses does: a frozen record equal by value hashes by value; a mutable one cannot be hashed.
        cls.__hash__ = methods["__hash__"] if frozen else None
        if order:
            for name in ("__lt__", "__le__", "__gt__", "__ge__"):
                setattr(cls, name, methods[name])
    if frozen:
        cls.__setattr__, cls.__delattr__ = _refuse_setattr, _refuse_delattr
    return cls


def _init_source(specs, frozen: bool, post_init: bool) -> str:
    """The source of `__init__`: arguments in field order, each field set in the order declared."""
    arguments, lines = ["self"], []
    for name, spec in specs:
        if spec.init:
            if spec.default_factory is not _MISSING:
                arguments.append(f"{name}=_FACTORY")
                value = f"_factory_{name}() if {name} is _FACTORY else {name}"
            elif spec.default is not _MISSING:
                arguments.append(f"{name}=_default_{name}")
                value = name
            else:
                arguments.append(name)
                value = name
        elif spec.default_factory is not _MISSING:
            value = f"_factory_{name}()"
        else:   # read from the class until __post_init__, or a later step, sets it
            continue
        # A frozen record's own __setattr__ refuses: its fields are set as object sets any attribute.
        lines.append(f"    _set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    if post_init:
        lines.append("    self.__post_init__()")
    return f"def __init__({', '.join(arguments)}):\n" + ("\n".join(lines) or "    pass") + "\n"


def _init_globals(specs) -> dict:
    names = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    for name, spec in specs:
        if spec.default_factory is not _MISSING:
            names[f"_factory_{name}"] = spec.default_factory
        elif spec.default is not _MISSING:
            names[f"_default_{name}"] = spec.default
    return names


def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{type(self).__qualname__}({shown})"


def _compared_by(key) -> dict:
    """The methods that compare and hash records by `key(record)`, for one class: each a closure
    made from this function's code, compiled once with this module."""
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self):
        return hash(key(self))

    def __lt__(self, other):
        if other.__class__ is self.__class__:
            return key(self) < key(other)
        return NotImplemented

    def __le__(self, other):
        if other.__class__ is self.__class__:
            return key(self) <= key(other)
        return NotImplemented

    def __gt__(self, other):
        if other.__class__ is self.__class__:
            return key(self) > key(other)
        return NotImplemented

    def __ge__(self, other):
        if other.__class__ is self.__class__:
            return key(self) >= key(other)
        return NotImplemented

    return {"__eq__": __eq__, "__hash__": __hash__, "__lt__": __lt__, "__le__": __le__, "__gt__": __gt__,
            "__ge__": __ge__}


def _refuse_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field '{name}'")


def _refuse_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field '{name}'")
