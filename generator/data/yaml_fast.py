"""The fast way to read a valid YAML file: ruamel's C parser composes, this module walks the nodes.

ruamel.yaml's round trip scans, parses and composes in pure Python (~10 ms a gebied file);
its C extension (ruamel.yaml.clib) composes the same tree of ruamel nodes, with the same
marks, in a fraction of that. `read` gives exactly what load.read_yaml's round-trip path gives
(the same data through the same constructor and `scalar`, the same lines), or None when it
cannot be sure of that: then the round-trip path reads the file, and reports its errors with
ruamel's messages, lines and hints. Declining costs time only, never a different result.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from .yaml_tree import MAX_NODES, Constructor, FieldPath, scalar

try:
    from _ruamel_yaml import CParser
except ImportError:  # no C extension on this machine: the round trip reads every file
    CParser = None

_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"

# The C parser hands a node no sign of an explicit tag (`!!str 12`, `! x`, `!x`): the round trip
# constructs those differently (TaggedScalar), so a `!` where a token can start sends the file
# to the round trip, as does a directive (`%YAML 1.1` would change how values are read).
_TAG = re.compile(r"(?:^|[\s\[\]{},:])!")
# libyaml (YAML 1.1) counts these as line breaks where ruamel's scanner does not.
_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Decline(Exception):
    """Something this module does not treat exactly as the round trip does."""


if CParser is not None:

    class _CLoader(CParser, VersionedResolver):
        """C composer with ruamel's YAML 1.2 resolver (NO is text, 01234 an int); also the
        `loader` that the round-trip constructor asks for its resolver and comment handling."""

        comment_handling = None
        processing_version = (1, 2)  # ruamel asks its scanner, which this loader does not have

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            VersionedResolver.__init__(self, version=(1, 2), loader=self)
            self._resolver = self


def read(text: str) -> tuple[Any, dict[FieldPath, int]] | None:
    """The plain data of `text` and the 1-based line of every field, or None to leave it to the round trip."""
    if CParser is None or text.startswith("%") or "\n%" in text or "\r%" in text:
        return None
    if ("!" in text and _TAG.search(text)) or any(char in text for char in _OTHER_LINE_BREAKS):
        return None
    try:
        loader = _CLoader(text)
        node = loader.get_single_node()
    except Exception:  # a syntax error, or anything else: the round trip says what is wrong
        return None
    if node is None:
        return None
    walk = _Walk(Constructor(loader=loader))
    try:
        data = walk.value(node, ())
    except (_Decline, RecursionError):
        return None
    return data, walk.lines


class _Walk:
    """Nodes → plain data, as load._plain makes it from the round trip's CommentedMap/CommentedSeq."""

    def __init__(self, constructor: Constructor) -> None:
        self.constructor = constructor
        self.lines: dict[FieldPath, int] = {(): 1}
        self.count = 0
        self.seen: set[int] = set()

    def value(self, node: Any, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # the round trip reports "te veel gegevens"
            raise _Decline
        if id(node) in self.seen:  # an alias: the round trip refuses a collection, so leave them all to it
            raise _Decline
        self.seen.add(id(node))
        if isinstance(node, MappingNode) and node.tag == _MAP:
            return self.mapping(node, path)
        if isinstance(node, SequenceNode) and node.tag == _SEQ:
            result = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                result.append(self.value(item, path + (index,)))
            return result
        if isinstance(node, ScalarNode) and node.tag in _TAGS:
            if not node.value and not node.style:
                # An empty value (`naam:`): the round trip puts its <value> line where the next token
                # is (or the comment after it), the C parser on the key's line.
                raise _Decline
            return self.scalar(node)
        raise _Decline  # merge keys (<<), value keys (=), binary, sets …

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _TAGS:
                raise _Decline
            key = self.scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool) or str(key) in result:
                # a repeated key is an error the round trip explains; 1 and "1" would be one field
                raise _Decline
            child = path + (str(key),)
            self.lines[child] = key_node.start_mark.line + 1
            self.lines[child + ("<value>",)] = value_node.start_mark.line + 1
            result[str(key)] = self.value(value_node, child)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        constructor = self.constructor
        return scalar(constructor.yaml_constructors[node.tag](constructor, node))
