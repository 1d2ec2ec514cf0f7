"""Parse a situations file in a worker process while the importing process writes.

The import is two kinds of work that can overlap: turning records into ``SituationRow``s
(pure Python, no database) and writing batches (mostly waiting on the database server). A
thread would fight the writer for the GIL; a forked process parses the file on the other CPU
and hands the parsed rows over a pipe in chunks. The pipe's buffer is the only queue, so the
worker never runs more than a chunk or two ahead and memory stays flat.

What crosses the pipe is plain data: vocabulary terms and programmes travel as their keys
(see ``_REDUCE``) and are resolved against the importing process's own reference, so no
model instance is pickled and both sides share the same objects.

Only for the command line: a web server's worker should not fork in the middle of a request.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any

from django.utils import translation

from grip.triage.exchange.columns import CellError, Header
from grip.triage.exchange.reader import Progress, read_records
from grip.triage.exchange.reference import ProgrammeRef, Reference
from grip.triage.exchange.rows import RowParser, SituationRow
from grip.vocab.models import Term

CHUNK_ROWS = 500
Parsed = tuple[SituationRow | None, list[CellError]]


@dataclass(frozen=True)
class _Chunk:
    parsed: list[Parsed]
    position: int  # bytes of the file read so far, for the progress bar


def _term(pk: int) -> Any:  # the stand-in name; the importing side resolves it
    raise NotImplementedError


def _programme(slug: str) -> Any:
    raise NotImplementedError


# A term or programme goes over as a call of a stand-in with its key. Pickle's memo sends each
# object once per chunk (a chunk holds thousands of references to a few dozen terms), so the
# importing side resolves a few dozen keys per chunk, not one per cell.
_REDUCE = {
    Term: lambda term: (_term, (term.pk,)),
    ProgrammeRef: lambda programme: (_programme, (programme.slug,)),
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, terms: dict[int, Term], reference: Reference) -> None:
        super().__init__(io.BytesIO(data))
        self.terms = terms
        self.reference = reference

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_term":
            return self.terms.__getitem__
        if module == __name__ and name == "_programme":
            return self.reference.programmes.__getitem__
        return super().find_class(module, name)


def parsed_in_worker(
    binary: IO[bytes], header: Header, reference: Reference, progress: Progress | None = None
) -> Iterator[Parsed]:
    """Each record's parse result, in file order, parsed by a forked worker process."""
    terms = {term.pk: term for terms in reference.terms.values() for term in terms.values()}
    total = binary.seek(0, io.SEEK_END)
    receiving, sending = multiprocessing.Pipe(duplex=False)
    worker = multiprocessing.get_context("fork").Process(
        target=_work,
        args=(binary, header, reference, translation.get_language(), sending),
        daemon=True,
    )
    worker.start()
    sending.close()  # the worker holds its own copy; EOF on ours means the worker is gone
    try:
        while True:
            try:
                data = receiving.recv_bytes()
            except EOFError:
                raise RuntimeError("Het parseerproces is onverwacht gestopt.") from None
            message = _Unpickler(data, terms, reference).load()
            if message is None:
                break
            if isinstance(message, str):  # the worker's traceback
                raise RuntimeError(f"Fout in het parseerproces:\n{message}")
            yield from message.parsed
            if progress is not None:
                progress(message.position, total)
        if progress is not None:
            progress(total, total)
    finally:
        receiving.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _work(
    binary: IO[bytes], header: Header, reference: Reference, language: str, out: Connection
) -> None:
    """The worker: read and parse everything, send it in chunks, then ``None``.

    It never touches the database (the parser is pure); the connection it inherited from
    the importing process is left alone, and the process ends without closing it.
    """
    try:
        with translation.override(language):
            parser = RowParser(header, reference)
            chunk: list[Parsed] = []
            for record in read_records(binary):
                chunk.append(parser.parse(record.line, record.fields))
                if len(chunk) >= CHUNK_ROWS:
                    _send(out, _Chunk(chunk, binary.tell()))
                    chunk = []
            if chunk:
                _send(out, _Chunk(chunk, binary.tell()))
        _send(out, None)
    except BaseException:
        _send(out, traceback.format_exc())
    finally:
        out.close()


def _send(out: Connection, message: Any) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCE  # type: ignore[assignment]
    pickler.dump(message)
    out.send_bytes(buffer.getbuffer())
